import { afterAll, describe, expect, it } from 'vitest';
import { closeAll, errorCode, newRegistration, PASSWORD, register, request, startTestServer } from './helpers';

afterAll(closeAll);

describe('rate limits (SPEC §6)', () => {
  it('a user over the API limit gets 429 rate_limited with Retry-After; other users are unaffected', async () => {
    const server = await startTestServer({ rateLimit: { windowMs: 60_000, max: 5 } });
    const [heavy, light] = await Promise.all([register(server), register(server)]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await heavy.get('/api/auth/me')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await heavy.get('/api/auth/me');
    expect(limited.status).toBe(429);
    expect(errorCode(limited)).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await light.get('/api/auth/me')).status).toBe(200);
  });

  it('the limit counts a user requests across the whole API, not per route group', async () => {
    const server = await startTestServer({ rateLimit: { windowMs: 60_000, max: 4 } });
    const heavy = await register(server);
    const statuses = [
      (await heavy.get('/api/auth/me')).status,
      (await heavy.get('/api/chat/rooms/')).status,
      (await heavy.pull('rooms')).status,
      (await heavy.post('/api/jobs', { title: 'T', address: 'A', scheduled_at: '2030-01-01T00:00:00.000Z' })).status,
      (await heavy.get('/api/chat/rooms/')).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 201, 429]);
  });

  it('the account endpoints are limited per address', async () => {
    const server = await startTestServer({ authRateLimit: { windowMs: 60_000, max: 3 } });
    const reg = newRegistration();
    expect((await request(server.url, 'POST', '/api/auth/register', { body: reg })).status).toBe(201);
    const login = () => request(server.url, 'POST', '/api/auth/login', { body: { username: reg.username, password: PASSWORD } });
    expect((await login()).status).toBe(200);
    expect((await login()).status).toBe(200);
    const limited = await login();
    expect(limited.status).toBe(429);
    expect(errorCode(limited)).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a normal client (bursts of 30 requests) never meets the default limit', async () => {
    const server = await startTestServer();
    const [me, peer] = await Promise.all([register(server), register(server)]);
    const dm = (await me.post<{ room: { id: string } }>('/api/chat/rooms/start_dm/', { user_id: peer.id })).body.room.id;
    for (let burst = 0; burst < 3; burst++) {
      const calls = Array.from({ length: 30 }, (_, i) => {
        if (i % 3 === 0) return me.post(`/api/chat/rooms/${dm}/messages/`, { content: `burst ${burst}/${i}` });
        if (i % 3 === 1) return me.pull('messages');
        return me.get('/api/chat/rooms/');
      });
      const statuses = (await Promise.all(calls)).map((r) => r.status);
      expect(statuses.filter((s) => s === 429)).toEqual([]);
      expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
    }
  });
});
