import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../src/shared';
import { closeAll, errorCode, newRegistration, request, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

const post = <T = unknown>(path: string, body: unknown) => request<T>(server.url, 'POST', path, { body });

describe('registration refuses weak passwords (issue 7 §3)', () => {
  it.each([
    ['password', /most common passwords/],
    ['12345678', /most common passwords/],
    ['Password', /most common passwords/],
    ['        ', /only spaces/],
  ])('400 validation_failed for %j, saying why on the password field; nothing stored', async (password, why) => {
    const body = { ...newRegistration(), password };
    const res = await post<ErrorEnvelope>('/api/auth/register', body);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(res.body.error.message).toMatch(why);
    expect(res.body.error.details).toEqual([{ path: 'password', message: expect.stringMatching(why) }]);
    const login = await post('/api/auth/login', { username: body.username, password });
    expect(login.status).toBe(401);
  });

  it('still registers a password that is long and uncommon', async () => {
    const res = await post('/api/auth/register', { ...newRegistration(), password: 'lilac teapot orbit 42' });
    expect(res.status).toBe(201);
  });
});
