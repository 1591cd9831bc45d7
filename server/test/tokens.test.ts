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

  it('a token is verified once for its lifetime: the same text again is not decoded nor its HMAC computed again', () => {
    const tokens = createAccessTokens(TEST_JWT_SECRET, 60);
    const [first, second] = [tokens.sign('u1', 's1'), tokens.sign('u2', 's2')];
    const verify = vi.spyOn(jwt, 'verify');
    try {
      for (let i = 0; i < 10; i++) expect(tokens.verify(first)).toMatchObject({ sub: 'u1', sid: 's1' });
      expect(verify).toHaveBeenCalledTimes(1);
      expect(tokens.verify(second)).toMatchObject({ sub: 'u2', sid: 's2' });
      expect(verify).toHaveBeenCalledTimes(2);
    } finally {
      verify.mockRestore();
    }
  });

  it('a remembered token still expires: the first second at its exp answers token_expired', () => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00.000Z') });
    try {
      const tokens = createAccessTokens(TEST_JWT_SECRET, 60);
      const token = tokens.sign('u1', 's1');
      expect(tokens.verify(token).sub).toBe('u1');
      vi.setSystemTime(new Date('2026-01-01T00:00:59.999Z'));
      expect(tokens.verify(token).sub).toBe('u1');
      vi.setSystemTime(new Date('2026-01-01T00:01:00.000Z'));
      expect(() => tokens.verify(token)).toThrow(expect.objectContaining({ code: 'token_expired' }));
      expect(() => tokens.verify(token)).toThrow(expect.objectContaining({ code: 'token_expired' }));
    } finally {
      vi.useRealTimers();
    }
  });

  it('a token that failed is checked again each time, and the oldest remembered token is forgotten first', () => {
    const tokens = createAccessTokens(TEST_JWT_SECRET, 60, 2);
    const forged = jwt.sign({ typ: 'access', sid: 's1' }, 'some-other-secret-entirely', { algorithm: 'HS256', subject: 'u1', expiresIn: 60 });
    const [a, b, c] = ['a', 'b', 'c'].map((id) => tokens.sign(id, 's'));
    const verify = vi.spyOn(jwt, 'verify');
    try {
      for (let i = 0; i < 3; i++) expect(() => tokens.verify(forged)).toThrow(expect.objectContaining({ code: 'invalid_token' }));
      expect(verify).toHaveBeenCalledTimes(3);
      verify.mockClear();
      for (const token of [a, b, c, b, c, a]) tokens.verify(token!);
      // a, b, c verified; b and c remembered; a was evicted by c and is verified again.
      expect(verify.mock.calls.map((call) => call[0])).toEqual([a, b, c, a]);
    } finally {
      verify.mockRestore();
    }
  });

  it('requests with one token verify it once; its session is still checked on each (a logout ends it at once)', async () => {
    const user = await register(server);
    const verify = vi.spyOn(jwt, 'verify');
    try {
      for (let i = 0; i < 5; i++) expect((await meWith(user.token)).status).toBe(200);
      expect(verify.mock.calls.filter((call) => call[0] === user.token)).toHaveLength(1);
      expect((await user.post('/api/auth/logout', { refresh_token: user.auth.refresh_token })).status).toBe(204);
      const after = await meWith(user.token);
      expect(after.status).toBe(401);
      expect(errorCode(after)).toBe('invalid_token');
      expect(verify.mock.calls.filter((call) => call[0] === user.token)).toHaveLength(1);
    } finally {
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
