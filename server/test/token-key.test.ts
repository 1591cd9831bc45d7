import { KeyObject } from 'node:crypto';
import type jsonwebtoken from 'jsonwebtoken';
import { describe, expect, it, vi } from 'vitest';
import { createAccessTokens } from '../src/auth/tokens';

// What jsonwebtoken is handed as the key, on every sign and verify.
const keys = vi.hoisted(() => [] as unknown[]);
vi.mock('jsonwebtoken', async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof jsonwebtoken }>()).default;
  const sign = (...args: Parameters<typeof real.sign>) => (keys.push(args[1]), real.sign(...args));
  const verify = (...args: Parameters<typeof real.verify>) => (keys.push(args[1]), real.verify(...args));
  return { default: { ...real, sign, verify } };
});

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';

describe('access token key', () => {
  it('is one key object, so no request pays for jsonwebtoken failing to read the secret as a public key', async () => {
    const jwt = (await import('jsonwebtoken')).default;
    const tokens = createAccessTokens(SECRET, 600);
    const token = tokens.sign('user-1', 'session-1');
    for (let i = 0; i < 3; i++) expect(tokens.verify(token)).toMatchObject({ sub: 'user-1', sid: 'session-1' });
    expect(keys).toHaveLength(4);
    for (const key of keys) expect(key).toBeInstanceOf(KeyObject);
    expect(new Set(keys).size).toBe(1);
    // The same HMAC secret: a token signed with the text still verifies, and the other way round.
    const fromText = jwt.sign({ typ: 'access', sid: 's' }, SECRET, { algorithm: 'HS256', issuer: 'cleanchat', audience: 'cleanchat-api', subject: 'u', expiresIn: 60 });
    expect(tokens.verify(fromText)).toMatchObject({ sub: 'u', sid: 's' });
    expect(jwt.verify(token, SECRET, { algorithms: ['HS256'] })).toMatchObject({ sub: 'user-1' });
  });
});
