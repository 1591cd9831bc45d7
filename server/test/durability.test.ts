import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type AuthResponse, type MessagePage } from '../src/shared';
import { startServerProcess, type StartedServer } from '../../scripts/server-process.mjs';
import { Client, newRegistration, PASSWORD, request } from './helpers';
import { startDm } from './fixtures';

const dirs: string[] = [];
const children = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** The server as production runs it, in its own process, on DATA_DIR (the test kit's spawner). */
function runServer(dataDir: string, env: Record<string, string> = {}): Promise<StartedServer> {
  return startServerProcess({ port: '0', dataDir, demo: env.DEMO === '1', runtime: 'source', env: { ...process.env, LOG_LEVEL: 'silent', ...env } }).then((running) => {
    children.add(running.process);
    void running.exited.then(() => children.delete(running.process));
    return running;
  });
}

async function killHard(running: StartedServer): Promise<void> {
  running.process.kill('SIGKILL');
  await running.exited;
}

describe('durability', () => {
  it('acknowledged messages survive kill -9 and a restart on the same DATA_DIR (generated JWT secret kept)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cleanchat-durable-'));
    dirs.push(dataDir);
    const first = await runServer(dataDir, { JWT_SECRET: '' });
    const regA = newRegistration();
    const a = new Client(first.url, (await request<AuthResponse>(first.url, 'POST', '/api/auth/register', { body: regA })).body);
    const b = new Client(first.url, (await request<AuthResponse>(first.url, 'POST', '/api/auth/register', { body: newRegistration() })).body);
    const room = await startDm(a, b);
    const acked: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await a.post<{ id: string }>(`/api/chat/rooms/${room}/messages/`, { content: `durable ${i}` });
      expect(res.status).toBe(201);
      acked.push(res.body.id);
    }
    await killHard(first);

    const second = await runServer(dataDir, { JWT_SECRET: '' });
    try {
      const sameToken = await request(second.url, 'GET', '/api/auth/me', { token: a.token });
      expect(sameToken.status).toBe(200);
      const login = await request<AuthResponse>(second.url, 'POST', '/api/auth/login', { body: { username: regA.username, password: PASSWORD } });
      expect(login.status).toBe(200);
      const again = new Client(second.url, login.body);
      const page = await again.get<MessagePage>(`/api/chat/rooms/${room}/messages/?limit=50`);
      expect(page.body.results.map((m) => m.id).sort()).toEqual([...acked].sort());
    } finally {
      await killHard(second);
    }
  });

  it('DEMO=1 seeds the demo users into an empty database', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cleanchat-demo-'));
    dirs.push(dataDir);
    const running = await runServer(dataDir, { DEMO: '1', JWT_SECRET: 'demo-secret-of-at-least-thirty-two-bytes' });
    try {
      for (const username of ['alice', 'carol', 'bob', 'dave', 'sam']) {
        const res = await request<AuthResponse>(running.url, 'POST', '/api/auth/login', { body: { username, password: DEMO_PASSWORD } });
        expect(res.status, username).toBe(200);
      }
      const alice = await request<AuthResponse>(running.url, 'POST', '/api/auth/login', { body: { username: 'alice', password: DEMO_PASSWORD } });
      const dms = await request<unknown[]>(running.url, 'GET', '/api/chat/rooms/direct_messages/', { token: alice.body.access_token });
      expect(dms.body.length).toBeGreaterThan(0);
      const jobs = await request<unknown[]>(running.url, 'GET', '/api/chat/rooms/?room_type=job', { token: alice.body.access_token });
      expect(jobs.body.length).toBeGreaterThan(0);
      const news = await request<Array<{ name: string; posting: string }>>(running.url, 'GET', '/api/chat/rooms/?room_type=general', { token: alice.body.access_token });
      expect(news.body).toEqual([expect.objectContaining({ name: 'Cleanchat news', posting: 'staff' })]);
      const sam = await request<AuthResponse>(running.url, 'POST', '/api/auth/login', { body: { username: 'sam', password: DEMO_PASSWORD } });
      expect(sam.body.user.role).toBe('support');
    } finally {
      await killHard(running);
    }
  });

  it('SIGTERM with an open stream shuts down cleanly (exit 0, no error output)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cleanchat-term-'));
    dirs.push(dataDir);
    const running = await runServer(dataDir, { JWT_SECRET: 'term-secret-of-at-least-thirty-two-bytes' });
    const a = new Client(running.url, (await request<AuthResponse>(running.url, 'POST', '/api/auth/register', { body: newRegistration() })).body);
    const b = new Client(running.url, (await request<AuthResponse>(running.url, 'POST', '/api/auth/register', { body: newRegistration() })).body);
    await startDm(a, b);
    const stream = await a.stream();
    running.process.kill('SIGTERM');
    const { code } = await running.exited;
    stream.close();
    expect(running.output()).not.toMatch(/Error/);
    expect(code).toBe(0);
  });
});
