import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../src/shared';
import { closeAll, register, startTestServer, type TestServer } from './helpers';
import { assertSchema, createJob, idsOf, pairWithHistory, say } from './fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

describe('GET /api/sync/:collection/pull', () => {
  it.each(COLLECTIONS)('%s: pages by checkpoint with no duplicates, nothing missed, limit honoured', async (collection) => {
    const { client, cleaner, sent } = await pairWithHistory(server, 4);
    await createJob(client);
    await createJob(client, cleaner.id);
    for (const [i, m] of sent.entries()) {
      await (i % 2 ? client : cleaner).put(`/api/chat/rooms/${m.room_id}/messages/${m.id}/reaction/`, { emoji: '👍' });
    }
    const whole = await client.pull(collection, null, 1000);
    expect(whole.status).toBe(200);
    const all = whole.body.documents;
    expect(all.length).toBeGreaterThan(1);
    assertSchema(collection, all);

    const paged = await client.pullAll(collection, null, 2);
    expect(idsOf(paged.documents)).toEqual(idsOf(all));
    expect(new Set(idsOf(paged.documents)).size).toBe(paged.documents.length);
    const first = await client.pull(collection, null, 2);
    expect(first.body.documents).toHaveLength(2);
    expect(paged.checkpoint).toEqual(whole.body.checkpoint);

    const empty = await client.pull(collection, whole.body.checkpoint);
    expect(empty.body.documents).toEqual([]);
    expect(empty.body.checkpoint).toEqual(whole.body.checkpoint);
  });

  it('a change after the checkpoint comes back on the next pull, and only it', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 2);
    const before = await client.pullAll('messages');
    const msg = await say(cleaner, dmRoom, 'new one');
    const next = await client.pull('messages', before.checkpoint);
    expect(next.body.documents).toEqual([{ ...msg, _deleted: false }]);
    const rooms = await client.pullAll('rooms');
    const changedRoom = rooms.documents.filter((r) => r.id === dmRoom).at(-1);
    expect(changedRoom?.last_message_content).toBe('new one');
  });

  it('the first pull (empty or null checkpoint) starts from the beginning', async () => {
    const { client } = await pairWithHistory(server, 1);
    const empty = await client.get<{ documents: unknown[] }>('/api/sync/rooms/pull?checkpoint=');
    const nul = await client.get<{ documents: unknown[] }>('/api/sync/rooms/pull?checkpoint=null');
    const none = await client.get<{ documents: unknown[] }>('/api/sync/rooms/pull');
    expect(empty.body.documents).toHaveLength(2);
    expect(nul.body).toEqual(empty.body);
    expect(none.body).toEqual(empty.body);
  });

  it('a user never receives rooms, memberships, messages, jobs or users of rooms they are not in', async () => {
    const them = await pairWithHistory(server, 3);
    const me = await register(server);
    const mine = await pairWithHistory(server, 1);
    // `me` shares nothing with either pair; the second pair only proves the pulls are not empty by accident.
    const foreignRooms = [them.jobRoom, them.dmRoom];
    const foreignUsers = [them.client.id, them.cleaner.id];
    for (const who of [me, mine.client]) {
      const users = (await who.pullAll('users')).documents;
      const jobs = (await who.pullAll('jobs')).documents;
      const rooms = (await who.pullAll('rooms')).documents;
      const memberships = (await who.pullAll('memberships')).documents;
      const messages = (await who.pullAll('messages')).documents;
      expect(users.filter((u) => foreignUsers.includes(u.id))).toEqual([]);
      expect(jobs.filter((j) => j.id === them.job.id)).toEqual([]);
      expect(rooms.filter((r) => foreignRooms.includes(r.id))).toEqual([]);
      expect(memberships.filter((m) => foreignRooms.includes(m.room_id))).toEqual([]);
      expect(messages.filter((m) => foreignRooms.includes(m.room_id))).toEqual([]);
    }
    expect((await mine.client.pullAll('messages')).documents.length).toBeGreaterThan(0);
  });

  it('pulled users carry email only in the caller own record', async () => {
    const { client, cleaner } = await pairWithHistory(server, 1);
    const users = (await client.pullAll('users')).documents;
    const own = users.find((u) => u.id === client.id);
    const other = users.find((u) => u.id === cleaner.id);
    expect(own?.email).toBe(client.user.email);
    expect(other).toBeDefined();
    expect(other).not.toHaveProperty('email');
    expect(JSON.stringify(users)).not.toContain(cleaner.user.email);
  });

  it('memberships of every member are visible (read receipts)', async () => {
    const { client, cleaner, jobRoom } = await pairWithHistory(server, 1);
    const ids = idsOf((await client.pullAll('memberships')).documents);
    expect(ids).toContain(`${jobRoom}|${cleaner.id}`);
    expect(ids).toContain(`${jobRoom}|${client.id}`);
  });
});
