import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchUser } from '../src/shared';
import { startDm } from './fixtures';
import { closeAll, register, startTestServer, type Client, type TestServer } from './helpers';

let server: TestServer;
let me: Client;
let target: Client;
let cleaner: Client;
const tag = `Zq${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  server = await startTestServer();
  me = await register(server, 'client', `${tag}me`);
  target = await register(server, 'client', `${tag}target`);
  cleaner = await register(server, 'cleaner', `${tag}cleaner`);
});
afterAll(closeAll);

const search = (q: string, role?: string) => {
  const params = new URLSearchParams({ q });
  if (role) params.set('role', role);
  return me.get<SearchUser[]>(`/api/auth/users/search/?${params}`);
};
const ids = (users: SearchUser[]) => users.map((u) => u.id).sort();

describe('GET /api/auth/users/search/', () => {
  it('finds by first name, without the caller', async () => {
    const res = await search(tag);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual([target.id, cleaner.id].sort());
  });

  it('finds by username', async () => {
    const res = await search(target.user.username);
    expect(ids(res.body)).toEqual([target.id]);
  });

  it('finds by exact email only: a partial email finds nothing', async () => {
    const email = target.user.email as string;
    const exact = await search(email);
    expect(ids(exact.body)).toEqual([target.id]);
    const partial = await search(email.slice(email.indexOf('@')));
    expect(partial.status).toBe(200);
    expect(partial.body.map((u) => u.id)).not.toContain(target.id);
    const domainish = await search(`@example.com`);
    expect(domainish.body).toEqual([]);
  });

  it('filters by role', async () => {
    const cleaners = await search(tag, 'cleaner');
    expect(ids(cleaners.body)).toEqual([cleaner.id]);
    const clients = await search(tag, 'client');
    expect(ids(clients.body)).toEqual([target.id]);
  });

  it('treats LIKE wildcards literally', async () => {
    const res = await search('%');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('400 for an unknown role', async () => {
    const res = await search(tag, 'wizard');
    expect(res.status).toBe(400);
  });

  it('never returns another user email, and tells no presence of a stranger', async () => {
    const res = await search(target.user.email as string);
    const [found] = res.body;
    expect(found).toBeDefined();
    expect(found).not.toHaveProperty('email');
    expect(JSON.stringify(res.body)).not.toContain(target.user.email);
    expect(found?.is_online).toBeNull();
    expect(found).toMatchObject({ username: target.user.username, first_name: `${tag}target`, role: 'client' });
  });

  it('is_online of a stranger stays null while they have a stream open (SPEC §3)', async () => {
    const stream = await target.stream();
    expect(stream.status).toBe(200);
    const res = await search(target.user.username);
    expect(res.body[0]?.id).toBe(target.id);
    expect(res.body[0]?.is_online).toBeNull();
    stream.close();
  });

  it('is_online of someone sharing a room is true while they have a stream open, false after', async () => {
    await startDm(me, cleaner);
    const stream = await cleaner.stream();
    const online = await search(cleaner.user.username);
    expect(online.body[0]?.is_online).toBe(true);
    stream.close();
    // The server learns of the closed socket asynchronously: poll the observable state, no fixed sleep.
    await expect.poll(async () => (await search(cleaner.user.username)).body[0]?.is_online, { timeout: 10_000 }).toBe(false);
  });

  it('works without a trailing slash', async () => {
    const res = await me.get<SearchUser[]>(`/api/auth/users/search?q=${encodeURIComponent(tag)}`);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
  });
});
