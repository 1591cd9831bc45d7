import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDoc, MembershipDoc, MessageDoc, RoomWithUnread, StartDmResponse } from '../src/shared';
import { closeAll, errorCode, messageDoc, register, startTestServer, type Client, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

/** A client and a cleaner sharing a job room and a DM, plus an outsider. */
async function setup() {
  const [client, cleaner, outsider] = await Promise.all([register(server, 'client'), register(server, 'cleaner'), register(server)]);
  const job = (
    await client.post<JobDoc>('/api/jobs', { title: 'Windows', address: '2 Road', scheduled_at: '2030-01-01T08:00:00.000Z', cleaner_id: cleaner.id })
  ).body;
  const dm = (await client.post<StartDmResponse>('/api/chat/rooms/start_dm/', { user_id: cleaner.id })).body.room;
  return { client, cleaner, outsider, jobRoom: `job:${job.id}`, dmRoom: dm.id };
}

const rooms = (who: Client, query = '') => who.get<RoomWithUnread[]>(`/api/chat/rooms/${query}`);
const ids = (list: RoomWithUnread[]) => list.map((r) => r.id).sort();
const unread = async (who: Client, roomId: string) => (await who.get<RoomWithUnread>(`/api/chat/rooms/${roomId}/`)).body.unread_count;
const say = (who: Client, roomId: string, content = 'hi') => who.post<MessageDoc>(`/api/chat/rooms/${roomId}/messages/`, { content });

async function ownMembership(who: Client, roomId: string) {
  const { documents } = await who.pullAll('memberships');
  const doc = documents.filter((m) => m.id === `${roomId}|${who.id}`).at(-1);
  if (!doc) throw new Error('membership not pulled');
  return doc;
}

describe('GET /api/chat/rooms/', () => {
  it('lists all the caller rooms with unread_count, filtered by room_type', async () => {
    const { client, jobRoom, dmRoom } = await setup();
    const all = await rooms(client);
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual([jobRoom, dmRoom].sort());
    for (const r of all.body) expect(r.unread_count).toBe(0);
    expect(ids((await rooms(client, '?room_type=job')).body)).toEqual([jobRoom]);
    expect(ids((await rooms(client, '?room_type=direct')).body)).toEqual([dmRoom]);
    expect((await rooms(client, '?room_type=group')).body).toEqual([]);
    expect((await rooms(client, '?room_type=bogus')).status).toBe(400);
    expect(ids((await client.get<RoomWithUnread[]>('/api/chat/rooms')).body)).toEqual([jobRoom, dmRoom].sort());
  });

  it('archive and unarchive are per user and drive the archived filter', async () => {
    const { client, cleaner, jobRoom, dmRoom } = await setup();
    const archived = await client.post<MembershipDoc>(`/api/chat/rooms/${dmRoom}/archive/`);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: `${dmRoom}|${client.id}`, room_id: dmRoom, user_id: client.id, archived: true });
    expect(ids((await rooms(client, '?archived=true')).body)).toEqual([dmRoom]);
    expect(ids((await rooms(client, '?archived=false')).body)).toEqual([jobRoom]);
    expect(ids((await rooms(client)).body)).toEqual([jobRoom, dmRoom].sort());
    expect((await rooms(cleaner, '?archived=true')).body).toEqual([]);
    const back = await client.post<MembershipDoc>(`/api/chat/rooms/${dmRoom}/unarchive`);
    expect(back.status).toBe(200);
    expect(back.body.archived).toBe(false);
    expect((await rooms(client, '?archived=true')).body).toEqual([]);
    expect((await rooms(client, '?archived=maybe')).status).toBe(400);
  });
});

describe('GET /api/chat/rooms/:id/', () => {
  it('answers the room for a participant', async () => {
    const { cleaner, jobRoom } = await setup();
    const res = await cleaner.get<RoomWithUnread>(`/api/chat/rooms/${jobRoom}/`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: jobRoom, room_type: 'job', name: 'Windows', last_message_content: null });
    expect((await cleaner.get(`/api/chat/rooms/${jobRoom}`)).status).toBe(200);
  });

  it('a foreign room answers exactly like a missing one on every room route', async () => {
    const { outsider, dmRoom } = await setup();
    const missing = 'dm:nobody:noone';
    const routes: Array<[string, (id: string) => Promise<{ status: number; body: unknown }>]> = [
      ['detail', (id) => outsider.get(`/api/chat/rooms/${id}/`)],
      ['messages', (id) => outsider.get(`/api/chat/rooms/${id}/messages/`)],
      ['post', (id) => outsider.post(`/api/chat/rooms/${id}/messages/`, { content: 'x' })],
      ['read', (id) => outsider.post(`/api/chat/rooms/${id}/read/`)],
      ['archive', (id) => outsider.post(`/api/chat/rooms/${id}/archive/`)],
      ['unarchive', (id) => outsider.post(`/api/chat/rooms/${id}/unarchive/`)],
      ['typing', (id) => outsider.post(`/api/chat/rooms/${id}/typing/`)],
    ];
    for (const [name, call] of routes) {
      const foreign = await call(dmRoom);
      const absent = await call(missing);
      expect(foreign.status, name).toBe(404);
      expect(absent.status, name).toBe(404);
      expect(foreign.body, name).toEqual(absent.body);
      expect(errorCode(foreign as never)).toBe('not_found');
    }
  });
});

describe('unread_count', () => {
  it('counts others messages only, not deleted ones, after last_read_at; read and sending clear it', async () => {
    const { client, cleaner, jobRoom } = await setup();
    for (const text of ['one', 'two', 'three']) await say(cleaner, jobRoom, text);
    await say(client, jobRoom, 'mine');
    // The client posted after the cleaner's messages: sending marks read for the sender.
    expect(await unread(client, jobRoom)).toBe(0);
    expect(await unread(cleaner, jobRoom)).toBe(1);

    await say(cleaner, jobRoom, 'four');
    await say(cleaner, jobRoom, 'five');
    expect(await unread(client, jobRoom)).toBe(2);

    const five = (await cleaner.get<{ results: MessageDoc[] }>(`/api/chat/rooms/${jobRoom}/messages/?limit=1`)).body.results[0] as MessageDoc;
    const del = await cleaner.push('messages', [
      { newDocumentState: { ...five, content: '', deleted: true, _deleted: false }, assumedMasterState: { ...five, _deleted: false } },
    ]);
    expect(del.body).toEqual([]);
    expect(await unread(client, jobRoom)).toBe(1);

    const read = await client.post<MembershipDoc>(`/api/chat/rooms/${jobRoom}/read/`);
    expect(read.status).toBe(200);
    expect(read.body.user_id).toBe(client.id);
    expect(read.body.last_read_at).not.toBeNull();
    expect(await unread(client, jobRoom)).toBe(0);
    const listed = (await rooms(client)).body.find((r) => r.id === jobRoom);
    expect(listed?.unread_count).toBe(0);
    expect((await client.post(`/api/chat/rooms/${jobRoom}/read`)).status).toBe(200);
  });

  it('a read after a message stamped ahead (client clock ahead) leaves nothing unread, at the server clock', async () => {
    const { client, cleaner, dmRoom } = await setup();
    // Ahead, but within the skew the server keeps (a farther one is pulled back to server time).
    const ahead = new Date(Date.now() + 3 * 60_000).toISOString();
    await cleaner.push('messages', [{ newDocumentState: messageDoc(cleaner.id, dmRoom, { created_at: ahead }), assumedMasterState: null }]);
    expect(await unread(client, dmRoom)).toBe(1);
    const read = await client.post<MembershipDoc>(`/api/chat/rooms/${dmRoom}/read/`);
    expect(read.body.last_read_at! < ahead).toBe(true);
    expect(read.body.last_read_at! <= new Date().toISOString()).toBe(true);
    expect(await unread(client, dmRoom)).toBe(0);
  });
});

describe('archive and new messages', () => {
  it('a message from someone else un-archives for the recipient unless muted', async () => {
    const { client, cleaner, jobRoom } = await setup();
    await client.post(`/api/chat/rooms/${jobRoom}/archive/`);
    await say(cleaner, jobRoom, 'wake up');
    expect((await rooms(client, '?archived=true')).body).toEqual([]);

    const own = await ownMembership(client, jobRoom);
    expect(own.archived).toBe(false);
    const { _deleted, ...base } = own;
    const muted = await client.push('memberships', [
      { newDocumentState: { ...base, muted: true, archived: true, _deleted: false }, assumedMasterState: own },
    ]);
    expect(muted.body).toEqual([]);
    expect(ids((await rooms(client, '?archived=true')).body)).toEqual([jobRoom]);
    await say(cleaner, jobRoom, 'still there?');
    expect(ids((await rooms(client, '?archived=true')).body)).toEqual([jobRoom]);
    expect(await unread(client, jobRoom)).toBe(2);
  });
});
