import { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccessTokens } from '../src/auth/tokens';
import { closeAll, errorCode, register, request, startTestServer, TEST_JWT_SECRET, type Client, type TestServer } from './helpers';

let server: TestServer;
let me: Client;
beforeAll(async () => {
  server = await startTestServer();
  me = await register(server);
});
afterAll(closeAll);

/** Forged claims name the live session of `me`'s real token, so only the property under test differs. */
const claims = () => ({ typ: 'access', sid: (jwt.decode(me.token) as { sid: string }).sid });
const opts = (extra: jwt.SignOptions = {}): jwt.SignOptions => ({
  algorithm: 'HS256',
  issuer: 'cleanchat',
  audience: 'cleanchat-api',
  subject: me.id,
  expiresIn: 600,
  ...extra,
});

function expiredToken(): string {
  const { expiresIn: _unused, ...rest } = opts();
  return jwt.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, rest);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const meWith = (token: string) => request(server.url, 'GET', '/api/auth/me', { token });

describe('access tokens', () => {
  it('sign and verify get the secret as a key object: no PEM key parse attempted (and thrown) per request', () => {
    const tokens = createAccessTokens(TEST_JWT_SECRET, 60);
    const sign = vi.spyOn(jwt, 'sign');
    const verify = vi.spyOn(jwt, 'verify');
    try {
      expect(tokens.verify(tokens.sign('u1', 's1'))).toMatchObject({ sub: 'u1', sid: 's1' });
      expect(sign.mock.calls.map((c) => (c[1] as unknown) instanceof KeyObject)).toEqual([true]);
      expect(verify.mock.calls.map((c) => (c[1] as unknown) instanceof KeyObject)).toEqual([true]);
    } finally {
      sign.mockRestore();
      verify.mockRestore();
    }
  });

  it('a token forged with the right secret and claims is accepted (the 401s below are meaningful)', async () => {
    const res = await meWith(jwt.sign(claims(), TEST_JWT_SECRET, opts()));
    expect(res.status).toBe(200);
  });

  it('an expired token gets 401 token_expired', async () => {
    const expired = expiredToken();
    const res = await meWith(expired);
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('token_expired');
  });

  it('a token signed with another secret gets 401 invalid_token', async () => {
    const res = await meWith(jwt.sign(claims(), 'some-other-secret-entirely', opts()));
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('invalid_token');
  });

  it('a token signed with another HMAC algorithm and the right secret gets 401', async () => {
    const res = await meWith(jwt.sign(claims(), TEST_JWT_SECRET, opts({ algorithm: 'HS512' })));
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('invalid_token');
  });

  it('an unsigned alg:none token gets 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = { typ: 'access', sub: me.id, iss: 'cleanchat', aud: 'cleanchat-api', iat: now, exp: now + 600 };
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    const res = await meWith(token);
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('invalid_token');
  });

  it('a token for another audience or without typ access gets 401', async () => {
    const wrongAud = await meWith(jwt.sign(claims(), TEST_JWT_SECRET, opts({ audience: 'elsewhere' })));
    expect(wrongAud.status).toBe(401);
    const noTyp = await meWith(jwt.sign({ typ: 'refresh' }, TEST_JWT_SECRET, opts()));
    expect(noTyp.status).toBe(401);
  });

  it('garbage and a malformed Authorization header get 401', async () => {
    expect((await meWith('garbage')).status).toBe(401);
    const res = await request(server.url, 'GET', '/api/auth/me', { headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
    errorCode(res);
  });

  it('a token in the query string is accepted only by the stream', async () => {
    const res = await request(server.url, 'GET', `/api/auth/me?access_token=${encodeURIComponent(me.token)}`);
    expect(res.status).toBe(401);
    errorCode(res);
  });

  it('the stream refuses an expired token with 401', async () => {
    const expired = expiredToken();
    const res = await request(server.url, 'GET', '/api/sync/stream', { token: expired });
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('token_expired');
  });
});
