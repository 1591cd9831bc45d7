import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthResponse, UserDoc } from '../src/shared';
import { closeAll, errorCode, newRegistration, PASSWORD, register, request, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

const post = <T = unknown>(path: string, body: unknown) => request<T>(server.url, 'POST', path, { body });

describe('GET /api/health', () => {
  it('answers 200 {status: ok} without auth', async () => {
    const res = await request(server.url, 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('POST /api/auth/register', () => {
  it('answers 201 with the user (own email, no password) and a token pair', async () => {
    const body = newRegistration('cleaner', 'Reg');
    const res = await post<AuthResponse>('/api/auth/register', body);
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      username: body.username,
      email: body.email,
      first_name: 'Reg',
      last_name: body.last_name,
      role: 'cleaner',
      avatar_url: null,
    });
    expect(typeof res.body.user.id).toBe('string');
    expect(res.body.user.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof res.body.access_token).toBe('string');
    expect(typeof res.body.refresh_token).toBe('string');
    expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);
  });

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['username too short', { username: 'ab' }],
    ['username with spaces', { username: 'has space' }],
    ['username not a string', { username: 42 }],
    ['email malformed', { email: 'not-an-email' }],
    ['password too short', { password: 'short' }],
    ['first_name empty', { first_name: '   ' }],
    ['last_name missing', { last_name: undefined }],
    ['role unknown', { role: 'wizard' }],
    ['role support (operator only)', { role: 'support' }],
    ['role admin (operator only)', { role: 'admin' }],
    ['unknown field', { is_admin: true }],
  ];
  it.each(invalid)('400 for %s, nothing stored', async (_name, patch) => {
    const body = { ...newRegistration(), ...patch };
    const res = await post('/api/auth/register', body);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    const who = 'email' in patch ? { username: body.username } : { email: body.email };
    const login = await post('/api/auth/login', { ...who, password: PASSWORD });
    expect(login.status).toBe(401);
  });

  it('409 username_taken and email_taken (case-insensitive)', async () => {
    const first = newRegistration();
    expect((await post('/api/auth/register', first)).status).toBe(201);
    const sameName = await post('/api/auth/register', { ...newRegistration(), username: first.username.toUpperCase() });
    expect(sameName.status).toBe(409);
    expect(errorCode(sameName)).toBe('username_taken');
    const sameMail = await post('/api/auth/register', { ...newRegistration(), email: first.email.toUpperCase() });
    expect(sameMail.status).toBe(409);
    expect(errorCode(sameMail)).toBe('email_taken');
  });
});

describe('POST /api/auth/login', () => {
  it('signs in by username and by email', async () => {
    const body = newRegistration();
    await post('/api/auth/register', body);
    const byName = await post<AuthResponse>('/api/auth/login', { username: body.username, password: PASSWORD });
    expect(byName.status).toBe(200);
    expect(byName.body.user.username).toBe(body.username);
    expect(byName.body.user.email).toBe(body.email);
    const byMail = await post<AuthResponse>('/api/auth/login', { email: body.email, password: PASSWORD });
    expect(byMail.status).toBe(200);
    expect(byMail.body.user.id).toBe(byName.body.user.id);
    expect(typeof byMail.body.refresh_token).toBe('string');
  });

  it('401 for a wrong password and for an unknown user, with the same code', async () => {
    const body = newRegistration();
    await post('/api/auth/register', body);
    const wrong = await post('/api/auth/login', { username: body.username, password: 'wrong password!' });
    const unknown = await post('/api/auth/login', { username: 'nobody_here_at_all', password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(errorCode(wrong)).toBe(errorCode(unknown));
  });

  it('400 for a body with neither username nor email', async () => {
    const res = await post('/api/auth/login', { password: PASSWORD });
    expect(res.status).toBe(400);
    errorCode(res);
  });
});

describe('refresh rotation and logout', () => {
  it('rotates: the new pair works, and once it is used the old refresh token is refused', async () => {
    const me = await register(server);
    const first = await post<AuthResponse>('/api/auth/refresh', { refresh_token: me.auth.refresh_token });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(me.auth.refresh_token);
    const meRes = await request<UserDoc>(server.url, 'GET', '/api/auth/me', { token: first.body.access_token });
    expect(meRes.body.id).toBe(me.id);
    const second = await post<AuthResponse>('/api/auth/refresh', { refresh_token: first.body.refresh_token });
    expect(second.status).toBe(200);
    const again = await post('/api/auth/refresh', { refresh_token: me.auth.refresh_token });
    expect(again.status).toBe(401);
    errorCode(again);
  });

  it('reusing a rotated token after its successor was used revokes the whole session (theft detection)', async () => {
    const me = await register(server);
    const rotated = await post<AuthResponse>('/api/auth/refresh', { refresh_token: me.auth.refresh_token });
    expect(rotated.status).toBe(200);
    const newest = await post<AuthResponse>('/api/auth/refresh', { refresh_token: rotated.body.refresh_token });
    expect(newest.status).toBe(200);
    expect((await post('/api/auth/refresh', { refresh_token: me.auth.refresh_token })).status).toBe(401);
    expect((await post('/api/auth/refresh', { refresh_token: newest.body.refresh_token })).status).toBe(401);
    const meRes = await request(server.url, 'GET', '/api/auth/me', { token: newest.body.access_token });
    expect(meRes.status).toBe(401);
  });

  it('a refresh whose answer was lost: the old token, presented again at once, rotates again and the session goes on', async () => {
    const me = await register(server);
    // The page closed while this refresh was in flight: the server rotated, the device never saw it.
    const lost = await post<AuthResponse>('/api/auth/refresh', { refresh_token: me.auth.refresh_token });
    expect(lost.status).toBe(200);
    const retried = await post<AuthResponse>('/api/auth/refresh', { refresh_token: me.auth.refresh_token });
    expect(retried.status).toBe(200);
    expect(retried.body.refresh_token).not.toBe(lost.body.refresh_token);
    const meRes = await request<UserDoc>(server.url, 'GET', '/api/auth/me', { token: retried.body.access_token });
    expect(meRes.status).toBe(200);
    const next = await post<AuthResponse>('/api/auth/refresh', { refresh_token: retried.body.refresh_token });
    expect(next.status).toBe(200);
    // The session moved on from the retried token: the original is theft now.
    expect((await post('/api/auth/refresh', { refresh_token: me.auth.refresh_token })).status).toBe(401);
    expect((await post('/api/auth/refresh', { refresh_token: next.body.refresh_token })).status).toBe(401);
  });

  it('401 for an unknown refresh token', async () => {
    const res = await post('/api/auth/refresh', { refresh_token: 'not-a-token' });
    expect(res.status).toBe(401);
    errorCode(res);
  });

  it('logout answers 204 and the refresh token stops working', async () => {
    const me = await register(server);
    const out = await request(server.url, 'POST', '/api/auth/logout', { token: me.token, body: { refresh_token: me.auth.refresh_token } });
    expect(out.status).toBe(204);
    const res = await post('/api/auth/refresh', { refresh_token: me.auth.refresh_token });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/auth/me', () => {
  it('answers the caller with their email', async () => {
    const me = await register(server, 'cleaner');
    const res = await me.get<UserDoc>('/api/auth/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: me.id, username: me.user.username, email: me.user.email, role: 'cleaner' });
  });

  it('401 unauthorized without a token', async () => {
    const res = await request(server.url, 'GET', '/api/auth/me');
    expect(res.status).toBe(401);
    errorCode(res);
  });
});
