import { afterAll, describe, expect, it } from 'vitest';
import type { AuthResponse } from '../src/shared';
import { closeAll, Client, errorCode, newRegistration, PASSWORD, register, request, startTestServer } from './helpers';
import type { SseReader } from '../../testkit/sse';

afterAll(closeAll);

async function signIn(url: string, username: string): Promise<Client> {
  const res = await request<AuthResponse>(url, 'POST', '/api/auth/login', { body: { username, password: PASSWORD } });
  expect(res.status).toBe(200);
  return new Client(url, res.body);
}

describe('streams per user', () => {
  it('an 11th stream answers 429 too_many_streams before any SSE header; closing one makes room', async () => {
    const server = await startTestServer();
    const me = await register(server);
    const streams: SseReader[] = [];
    for (let i = 0; i < 10; i++) {
      const s = await me.stream();
      expect(s.status).toBe(200);
      streams.push(s);
    }
    const refused = await fetch(`${server.url}/api/sync/stream`, { headers: { authorization: `Bearer ${me.token}` } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorCode({ status: 429, headers: refused.headers, body: await refused.json() })).toBe('too_many_streams');
    // Another user is not affected.
    const other = await register(server);
    const theirs = await other.stream();
    expect(theirs.status).toBe(200);
    theirs.close();
    streams.shift()?.close();
    // The server learns of the closed socket asynchronously: poll until a new stream is let in.
    await expect
      .poll(async () => {
        const s = await me.stream();
        if (s.status === 200) streams.push(s);
        return s.status;
      }, { timeout: 10_000 })
      .toBe(200);
    for (const s of streams) s.close();
  });
});

describe('logout ends the session on the server', () => {
  it('its access token stops working at once and its streams close; another session of the user goes on', async () => {
    const server = await startTestServer({ heartbeatMs: 50 });
    const reg = newRegistration();
    expect((await request(server.url, 'POST', '/api/auth/register', { body: reg })).status).toBe(201);
    const laptop = await signIn(server.url, reg.username);
    const phone = await signIn(server.url, reg.username);
    const laptopStream = await laptop.stream();
    const phoneStream = await phone.stream();
    expect((await laptop.get('/api/auth/me')).status).toBe(200);

    const out = await laptop.post('/api/auth/logout', { refresh_token: laptop.auth.refresh_token });
    expect(out.status).toBe(204);
    const after = await laptop.get('/api/auth/me');
    expect(after.status).toBe(401);
    expect(errorCode(after)).toBe('invalid_token');
    expect((await laptop.pull('rooms')).status).toBe(401);
    expect((await request(server.url, 'GET', '/api/sync/stream', { token: laptop.token })).status).toBe(401);
    await laptopStream.whenEnded();

    expect((await phone.get('/api/auth/me')).status).toBe(200);
    await phoneStream.nextComment();
    expect(phoneStream.ended).toBe(false);
    phoneStream.close();
  });

  it('a reused (stolen) refresh token ends the session: its access tokens stop working too', async () => {
    const server = await startTestServer();
    const me = await register(server);
    const stream = await me.stream();
    const rotated = await request<AuthResponse>(server.url, 'POST', '/api/auth/refresh', { body: { refresh_token: me.auth.refresh_token } });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.access_token;
    expect((await request(server.url, 'GET', '/api/auth/me', { token: fresh })).status).toBe(200);
    // The owner refreshes again; only then is the first token a stolen one (a lost answer is not).
    const newest = await request<AuthResponse>(server.url, 'POST', '/api/auth/refresh', { body: { refresh_token: rotated.body.refresh_token } });
    expect(newest.status).toBe(200);
    const replay = await request(server.url, 'POST', '/api/auth/refresh', { body: { refresh_token: me.auth.refresh_token } });
    expect(replay.status).toBe(401);
    expect((await request(server.url, 'GET', '/api/auth/me', { token: fresh })).status).toBe(401);
    expect((await me.get('/api/auth/me')).status).toBe(401);
    await stream.whenEnded();
  });
});
