import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app';
import type { AuthResponse, MessagePage } from '../src/shared';
import { startDm } from './fixtures';
import { Client, errorCode, messageDoc, newRegistration, PASSWORD, request, TEST_JWT_SECRET, type Reply } from './helpers';

const stops: Array<() => Promise<void>> = [];
afterAll(() => Promise.all(stops.map((s) => s())));

async function fullableServer() {
  const dataDir = await mkdtemp(join(tmpdir(), 'cleanchat-full-'));
  const server = await startServer({
    dataDir,
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'silent',
    authRateLimit: { windowMs: 60_000, max: 100_000 },
  });
  stops.push(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const { sql } = server.ctx.store;
  return {
    url: server.url,
    /** SQLite answers SQLITE_FULL as soon as the file would need a page more than it has now. */
    fill: async () => {
      const pages = (await sql.get<{ page_count: number }>('PRAGMA page_count'))?.page_count;
      await sql.get(`PRAGMA max_page_count = ${pages}`);
    },
    free: () => sql.get('PRAGMA max_page_count = 1073741823'),
  };
}

/** Repeats a write until it is refused; returns that refusal (or throws if none within `max`). */
async function untilRefused(write: (i: number) => Promise<Reply>, ok: number, max = 500): Promise<Reply> {
  for (let i = 0; i < max; i++) {
    const res = await write(i);
    if (res.status !== ok) return res;
  }
  throw new Error(`no refusal within ${max} writes`);
}

const health = async (url: string) => (await request<{ status: string; problems?: string[] }>(url, 'GET', '/api/health')).body;

describe('a full disk', () => {
  it('writes and sign-ins answer 507 storage_full, store nothing partially, and health says degraded until a write succeeds', async () => {
    const server = await fullableServer();
    const reg = newRegistration();
    const a = new Client(server.url, (await request<AuthResponse>(server.url, 'POST', '/api/auth/register', { body: reg })).body);
    const b = new Client(server.url, (await request<AuthResponse>(server.url, 'POST', '/api/auth/register', { body: newRegistration() })).body);
    const room = await startDm(a, b);
    expect(await health(server.url)).toEqual({ status: 'ok' });
    await server.fill();

    const refused = await untilRefused((i) => a.post(`/api/chat/rooms/${room}/messages/`, { content: `filler ${i} ${'x'.repeat(2000)}` }), 201);
    expect(refused.status).toBe(507);
    expect(errorCode(refused)).toBe('storage_full');
    expect(await health(server.url)).toEqual({ status: 'degraded', problems: ['storage_full'] });
    const page = await a.get<MessagePage>(`/api/chat/rooms/${room}/messages/?limit=50`);
    const newest = page.body.results[0];
    const pushed = await a.push('messages', [
      { newDocumentState: messageDoc(a.id, room, { content: 'x'.repeat(3000) }), assumedMasterState: null },
    ]);
    expect(pushed.status).toBe(507);
    expect((await a.get<MessagePage>(`/api/chat/rooms/${room}/messages/?limit=50`)).body.results[0]?.id).toBe(newest?.id);

    const login = await untilRefused(() => request(server.url, 'POST', '/api/auth/login', { body: { username: reg.username, password: PASSWORD } }), 200);
    expect(login.status).toBe(507);
    expect(errorCode(login)).toBe('storage_full');
    const refreshed = await request(server.url, 'POST', '/api/auth/refresh', { body: { refresh_token: a.auth.refresh_token } });
    expect(refreshed.status).toBe(507);
    const regBody = newRegistration();
    expect((await request(server.url, 'POST', '/api/auth/register', { body: regBody })).status).toBe(507);

    await server.free();
    // Nothing was half-stored: the refresh token was not consumed, the username not taken.
    expect((await request(server.url, 'POST', '/api/auth/refresh', { body: { refresh_token: a.auth.refresh_token } })).status).toBe(200);
    expect(await health(server.url)).toEqual({ status: 'ok' });
    expect((await request(server.url, 'POST', '/api/auth/register', { body: regBody })).status).toBe(201);
  });
});
