import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmRoomId, type DmRoomListItem, type StartDmResponse } from '../src/shared';
import { closeAll, errorCode, messageDoc, register, startTestServer, type Client, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

const startDm = (who: Client, userId: unknown) => who.post<StartDmResponse>('/api/chat/rooms/start_dm/', { user_id: userId });

describe('POST /api/chat/rooms/start_dm/ (the seed testing plan)', () => {
  it('201 created:true first, then 200 created:false with the same room, from either side', async () => {
    const [a, b] = await Promise.all([register(server, 'client'), register(server, 'cleaner')]);
    const first = await startDm(a, b.id);
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    const [low, high] = [a.id, b.id].sort();
    expect(first.body.room).toMatchObject({
      id: `dm:${low}:${high}`,
      room_type: 'direct',
      participant_ids: [low, high],
      job_id: null,
      created_by: a.id,
    });
    expect(first.body.room.id).toBe(dmRoomId(a.id, b.id));

    const again = await startDm(a, b.id);
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.room.id).toBe(first.body.room.id);

    const otherSide = await startDm(b, a.id);
    expect(otherSide.status).toBe(200);
    expect(otherSide.body).toMatchObject({ created: false, room: { id: first.body.room.id } });
  });

  it('the room is visible to both and 404 to a third user', async () => {
    const [a, b, c] = await Promise.all([register(server), register(server), register(server)]);
    const { body } = await startDm(a, b.id);
    expect((await b.get(`/api/chat/rooms/${body.room.id}/`)).status).toBe(200);
    expect((await c.get(`/api/chat/rooms/${body.room.id}/`)).status).toBe(404);
    expect((await c.get(`/api/chat/rooms/${body.room.id}/messages/`)).status).toBe(404);
    const cList = await c.get<DmRoomListItem[]>('/api/chat/rooms/direct_messages/');
    expect(cList.body).toEqual([]);
  });

  it.each([
    ['missing user_id', undefined],
    ['a number', 42],
    ['null', null],
    ['an empty string', ''],
    ['an object', { id: 'x' }],
  ])('400 when user_id is %s', async (_name, value) => {
    const a = await register(server);
    const res = await a.post('/api/chat/rooms/start_dm/', value === undefined ? {} : { user_id: value });
    expect(res.status).toBe(400);
    errorCode(res);
  });

  it('400 for the caller own id, 400 for an unknown field, 404 for an unknown user', async () => {
    const a = await register(server);
    const self = await startDm(a, a.id);
    expect(self.status).toBe(400);
    errorCode(self);
    const extra = await a.post('/api/chat/rooms/start_dm/', { user_id: 'x', name: 'y' });
    expect(extra.status).toBe(400);
    const unknown = await startDm(a, '0190a0a0-0000-7000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown)).toBe('not_found');
  });

  it('works without the trailing slash', async () => {
    const [a, b] = await Promise.all([register(server), register(server)]);
    const res = await a.post<StartDmResponse>('/api/chat/rooms/start_dm', { user_id: b.id });
    expect(res.status).toBe(201);
  });

  it('concurrent calls from both sides yield one room and exactly one created:true', async () => {
    const [a, b] = await Promise.all([register(server), register(server)]);
    const calls = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? startDm(a, b.id) : startDm(b, a.id)));
    const results = await Promise.all(calls);
    expect(new Set(results.map((r) => r.body.room.id))).toEqual(new Set([dmRoomId(a.id, b.id)]));
    expect(results.filter((r) => r.body.created)).toHaveLength(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(11);
    const list = await a.get<DmRoomListItem[]>('/api/chat/rooms/direct_messages/');
    expect(list.body).toHaveLength(1);
  });
});

describe('GET /api/chat/rooms/direct_messages/', () => {
  it('lists DMs with participants and unread_count, most recent activity first, DMs without messages too', async () => {
    const [me, p1, p2, p3] = await Promise.all([register(server), register(server), register(server), register(server)]);
    const r1 = (await startDm(me, p1.id)).body.room;
    const r2 = (await startDm(p2, me.id)).body.room;
    const r3 = (await startDm(me, p3.id)).body.room;
    // Client clocks decide created_at, so explicit times make the activity order deterministic.
    const later = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    const say = (who: Client, roomId: string, at: string) =>
      who.push('messages', [{ newDocumentState: messageDoc(who.id, roomId, { created_at: at }), assumedMasterState: null }]);
    expect((await say(p1, r1.id, later(60))).body).toEqual([]);
    expect((await say(p1, r1.id, later(61))).body).toEqual([]);
    expect((await say(me, r2.id, later(120))).body).toEqual([]);

    const res = await me.get<DmRoomListItem[]>('/api/chat/rooms/direct_messages/');
    expect(res.status).toBe(200);
    expect(res.body.map((r) => r.id)).toEqual([r2.id, r1.id, r3.id]);
    const [d2, d1, d3] = res.body as [DmRoomListItem, DmRoomListItem, DmRoomListItem];
    expect(d1.unread_count).toBe(2);
    expect(d2.unread_count).toBe(0);
    expect(d3.unread_count).toBe(0);
    expect(d3.last_message_content).toBeNull();
    expect(d1.last_message_sender_id).toBe(p1.id);
    expect(d1.participants.map((u) => u.id).sort()).toEqual([me.id, p1.id].sort());
    for (const u of [...d1.participants, ...d2.participants, ...d3.participants]) expect(u).not.toHaveProperty('email');
    expect(d1.participants.find((u) => u.id === p1.id)).toMatchObject({ username: p1.user.username, role: 'client' });

    const noSlash = await me.get<DmRoomListItem[]>('/api/chat/rooms/direct_messages');
    expect(noSlash.body.map((r) => r.id)).toEqual([r2.id, r1.id, r3.id]);
  });
});
