import { afterAll, describe, expect, it } from 'vitest';
import { closeAll, errorCode, newRegistration, PASSWORD, request, startTestServer } from './helpers';

afterAll(closeAll);

const loginAs = (url: string, username: string, password: string, headers: Record<string, string> = {}) =>
  request(url, 'POST', '/api/auth/login', { body: { username, password }, headers });

async function registered(url: string) {
  const reg = newRegistration();
  expect((await request(url, 'POST', '/api/auth/register', { body: reg })).status).toBe(201);
  return reg;
}

describe('forwarding headers (TRUST_PROXY)', () => {
  it('by default a rotating X-Forwarded-For does not escape the per-address limit', async () => {
    const server = await startTestServer({ authRateLimit: { windowMs: 60_000, max: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await loginAs(server.url, 'nobody_here', 'wrong-password', { 'x-forwarded-for': `203.0.113.${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it('the proxies TRUST_PROXY names are believed: each forwarded address has its own budget', async () => {
    const server = await startTestServer({ authRateLimit: { windowMs: 60_000, max: 2 }, trustProxy: 'loopback' });
    const from = (ip: string) => loginAs(server.url, 'nobody_here', 'wrong-password', { 'x-forwarded-for': ip });
    expect([(await from('198.51.100.1')).status, (await from('198.51.100.1')).status, (await from('198.51.100.1')).status]).toEqual([
      401, 401, 429,
    ]);
    expect((await from('198.51.100.2')).status).toBe(401);
  });

  it('an invalid TRUST_PROXY stops the server with a message', async () => {
    await expect(startTestServer({ trustProxy: 'not-an-address' })).rejects.toThrow(/TRUST_PROXY/);
  });
});

describe('failed sign-ins per account', () => {
  it('after 10 failures the account answers 429 too_many_attempts with Retry-After, whatever the address', async () => {
    const server = await startTestServer({ trustProxy: 'loopback' });
    const victim = await registered(server.url);
    const other = await registered(server.url);
    for (let i = 0; i < 10; i++) {
      const res = await loginAs(server.url, victim.username, `guess-${i}`, { 'x-forwarded-for': `203.0.113.${i}` });
      expect(res.status).toBe(401);
    }
    const locked = await loginAs(server.url, victim.username, 'guess-10', { 'x-forwarded-for': '203.0.113.99' });
    expect(locked.status).toBe(429);
    expect(errorCode(locked)).toBe('too_many_attempts');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // The right password waits too, or the limit would tell a guesser which guess was right.
    expect((await loginAs(server.url, victim.username, PASSWORD)).status).toBe(429);
    // Signing in by email is the same account.
    expect((await request(server.url, 'POST', '/api/auth/login', { body: { email: victim.email, password: PASSWORD } })).status).toBe(429);
    expect((await loginAs(server.url, other.username, PASSWORD)).status).toBe(200);
  });

  it('only failures count: many successful sign-ins are never limited', async () => {
    const server = await startTestServer({ loginFailures: { windowMs: 60_000, max: 3 } });
    const user = await registered(server.url);
    for (let i = 0; i < 8; i++) expect((await loginAs(server.url, user.username, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await loginAs(server.url, user.username, 'wrong')).status).toBe(401);
    expect((await loginAs(server.url, user.username, 'wrong')).status).toBe(429);
  });

  it('unknown names are limited like real ones, so the answers do not tell which exist', async () => {
    const server = await startTestServer({ loginFailures: { windowMs: 60_000, max: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await loginAs(server.url, 'no_such_user', 'wrong')).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});

describe('password hashing is bounded', () => {
  it('past the KDF queue a sign-in answers 503 server_busy with Retry-After, never 500', async () => {
    const server = await startTestServer({ kdf: { concurrency: 1, queue: 1 }, loginFailures: { windowMs: 60_000, max: 1000 } });
    const user = await registered(server.url);
    const replies = await Promise.all(Array.from({ length: 24 }, () => loginAs(server.url, user.username, 'wrong-password')));
    const statuses = replies.map((r) => r.status);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const busy = replies.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect(errorCode(r)).toBe('server_busy');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Refused for load, not for the password: those attempts did not count as failures, and
    // once the queue drains the right password works.
    expect((await loginAs(server.url, user.username, PASSWORD)).status).toBe(200);
  });
});
