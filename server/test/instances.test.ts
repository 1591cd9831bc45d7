import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmRoomId, type RoomDoc } from '../src/shared';
import { TEST_BACKEND } from './helpers';
import { Client, closeAll, messageDoc, register, startTestServers, type TestServer } from './helpers';

/**
 * The storage guarantees under real concurrency: on PostgreSQL, two server instances over one
 * database with requests alternating between them; on SQLite, the same calls on its one server.
 */
let servers: TestServer[];
beforeAll(async () => {
  servers = await startTestServers(2);
});
afterAll(closeAll);

/** The same user, signed in once, talking to instance `i`. */
const on = (user: Client, i: number) =>
  new Client((servers[i % servers.length] as TestServer).url, user.auth);

describe(`two instances over one ${TEST_BACKEND} database`, () => {
  it('20 concurrent start_dm calls from both sides, spread over both instances, give one room and one created:true', async () => {
    const [a, b] = await Promise.all([
      register(servers[0] as TestServer),
      register(servers[1] as TestServer),
    ]);
    const calls = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? on(a, i >> 1).post<{ room: RoomDoc; created: boolean }>('/api/chat/rooms/start_dm/', {
            user_id: b.id,
          })
        : on(b, i >> 1).post<{ room: RoomDoc; created: boolean }>('/api/chat/rooms/start_dm/', {
            user_id: a.id,
          }),
    );
    const results = await Promise.all(calls);
    expect(results.map((r) => r.status).sort()).toEqual([...Array<number>(19).fill(200), 201]);
    expect(new Set(results.map((r) => r.body.room.id))).toEqual(new Set([dmRoomId(a.id, b.id)]));
    expect(results.filter((r) => r.body.created)).toHaveLength(1);
    expect((await on(a, 1).get<unknown[]>('/api/chat/rooms/direct_messages/')).body).toHaveLength(1);
  });

  it('the same rows pushed to both instances at once are stored once', async () => {
    const [a, b] = await Promise.all([
      register(servers[0] as TestServer),
      register(servers[0] as TestServer),
    ]);
    const room = dmRoomId(a.id, b.id);
    // The first push also creates the DM, so the room itself is raced too.
    const rows = Array.from({ length: 10 }, (_, i) => ({
      newDocumentState: messageDoc(a.id, room, { content: `m${i}` }),
      assumedMasterState: null,
    }));
    const pushes = await Promise.all(Array.from({ length: 8 }, (_, i) => on(a, i).push('messages', rows)));
    const { documents } = await on(b, 1).pullAll('messages');
    // Whoever stored a row answers nothing for it; a replay stores nothing and answers the stored row.
    for (const res of pushes) {
      expect(res.status).toBe(200);
      for (const answered of res.body as Array<{ id: string }>) expect(documents).toContainEqual(answered);
    }
    expect(documents.map((d) => d.id).sort()).toEqual(rows.map((r) => r.newDocumentState.id).sort());
    expect(new Set(documents.map((d) => d.server_seq)).size).toBe(rows.length);
    const page = await on(b, 0).get<{ results: unknown[] }>(
      `/api/chat/rooms/${encodeURIComponent(room)}/messages/`,
    );
    expect(page.body.results).toHaveLength(rows.length);
  });

  it("messages sent into one room on both instances at once leave the room's preview at the newest", async () => {
    const [a, b] = await Promise.all([
      register(servers[0] as TestServer),
      register(servers[1] as TestServer),
    ]);
    const room = (await on(a, 0).post<{ room: RoomDoc }>('/api/chat/rooms/start_dm/', { user_id: b.id })).body
      .room.id;
    const path = `/api/chat/rooms/${encodeURIComponent(room)}/messages/`;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => on(i % 2 ? a : b, i).post(path, { content: `m${i}` })),
    );
    const page = (await on(a, 1).get<{ results: Array<{ received_at: string }> }>(path)).body.results;
    expect(page).toHaveLength(30);
    const newest = page
      .map((m) => m.received_at)
      .sort()
      .at(-1);
    const rooms = (await on(b, 0).get<RoomDoc[]>('/api/chat/rooms/')).body;
    const preview = rooms.find((r) => r.id === room);
    // The room list orders by server time, so the preview is the message received last.
    expect(preview?.last_message_time).toBe(newest);
  });
});
