import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmRoomId, type MessagePage, type RoomDoc, type StartDmResponse, type WireDoc } from '../src/shared';
import { closeAll, messageDoc, register, startTestServer, type Client, type TestServer } from './helpers';
import { pairWithHistory, say } from './fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

const create = (doc: WireDoc<'messages'>) => [{ newDocumentState: doc, assumedMasterState: null }];
const countIn = async (who: Client, roomId: string) =>
  (await who.get<MessagePage>(`/api/chat/rooms/${roomId}/messages/?limit=50`)).body.results.length;

function dmRoomDoc(a: string, b: string, createdBy: string): WireDoc<'rooms'> {
  const now = new Date().toISOString();
  return {
    id: dmRoomId(a, b),
    room_type: 'direct',
    name: '',
    job_id: null,
    participant_ids: [a, b].sort(),
    created_by: createdBy,
    created_at: now,
    updated_at: now,
    last_message_content: null,
    last_message_time: null,
    last_message_sender_id: null,
    status: null,
    posting: 'all',
    _deleted: false,
  };
}

describe('push: messages', () => {
  it('a new message is stored; the next pull shows it with server_seq > 0', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const before = await cleaner.pullAll('messages');
    const doc = messageDoc(client.id, dmRoom, { content: '  offline hello  ' });
    const res = await client.push('messages', create(doc));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    const [pulled] = (await cleaner.pullAll('messages', before.checkpoint)).documents;
    expect(pulled).toMatchObject({ id: doc.id, sender_id: client.id, content: 'offline hello', created_at: doc.created_at, _deleted: false });
    expect(pulled?.server_seq).toBeGreaterThan(0);
  });

  it('takes a message from an app built before the later fields existed, reading each absent one as its default', async () => {
    const { client, dmRoom } = await pairWithHistory(server, 0);
    const { attachment: _a, location: _l, reply_to_id: _r, album_id: _m, ...older } = messageDoc(client.id, dmRoom, { content: 'from an older app' });
    const res = await client.push('messages', create(older as WireDoc<'messages'>));
    expect([res.status, res.body]).toEqual([200, []]);
    const [stored] = (await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results;
    expect(stored).toMatchObject({ id: older.id, content: 'from an older app', attachment: null, location: null, reply_to_id: null, album_id: null });
    // A field it does know must still be valid.
    expect((await client.push('messages', create({ ...older, id: messageDoc(client.id, dmRoom).id, album_id: 7 } as never))).status).toBe(400);
  });

  it('a replayed push stores nothing twice and answers with the stored state', async () => {
    const { client, dmRoom } = await pairWithHistory(server, 0);
    const doc = messageDoc(client.id, dmRoom);
    expect((await client.push('messages', create(doc))).body).toEqual([]);
    const [stored] = (await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/?limit=50`)).body.results;
    // The client still holds it as pending (server_seq 0): the answer gives it the server's order.
    const asStored = { ...stored, _deleted: false };
    expect((await client.push('messages', create(doc))).body).toEqual([asStored]);
    expect((await client.push('messages', [...create(doc), ...create(doc)])).body).toEqual([asStored, asStored]);
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => client.push('messages', create(doc))));
    expect(concurrent.map((r) => r.body)).toEqual(Array.from({ length: 5 }, () => [asStored]));
    expect(await countIn(client, dmRoom)).toBe(1);
    // Once it has the stored state, pushing that back is no conflict.
    expect((await client.push('messages', [{ newDocumentState: asStored as WireDoc<'messages'>, assumedMasterState: asStored as WireDoc<'messages'> }])).body).toEqual([]);
  });

  it('edits and soft-deletes own messages; the server sets edited_at', async () => {
    const { client, dmRoom } = await pairWithHistory(server, 0);
    const stored = { ...(await say(client, dmRoom, 'tpyo')), _deleted: false };
    const edit = await client.push('messages', [{ newDocumentState: { ...stored, content: 'typo fixed' }, assumedMasterState: stored }]);
    expect(edit.body).toEqual([]);
    const [edited] = (await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results;
    expect(edited).toMatchObject({ id: stored.id, content: 'typo fixed', server_seq: stored.server_seq });
    expect(edited?.edited_at).not.toBeNull();
    const replayEdit = await client.push('messages', [{ newDocumentState: { ...stored, content: 'typo fixed' }, assumedMasterState: stored }]);
    expect(replayEdit.body).toEqual([]);

    const base = { ...(edited as typeof stored), _deleted: false };
    const del = await client.push('messages', [{ newDocumentState: { ...base, deleted: true, content: '' }, assumedMasterState: base }]);
    expect(del.body).toEqual([]);
    const [gone] = (await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results;
    expect(gone).toMatchObject({ id: stored.id, deleted: true, content: '' });
  });

  it('an edit against a stale assumed state still applies: the last edit in server order wins', async () => {
    const { client, dmRoom } = await pairWithHistory(server, 0);
    const stored = { ...(await say(client, dmRoom, 'v1')), _deleted: false };
    await client.push('messages', [{ newDocumentState: { ...stored, content: 'v2' }, assumedMasterState: stored }]);
    const res = await client.push('messages', [{ newDocumentState: { ...stored, content: 'v3' }, assumedMasterState: stored }]);
    expect(res.body).toEqual([]);
    const [now] = (await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results;
    expect(now).toMatchObject({ id: stored.id, content: 'v3' });
  });

  it('writing into an unknown dm:<a>:<b> room as a or b creates the DM with the message', async () => {
    const [a, b] = await Promise.all([register(server), register(server)]);
    const roomId = dmRoomId(a.id, b.id);
    const doc = messageDoc(b.id, roomId, { content: 'first, written offline' });
    expect((await b.push('messages', create(doc))).body).toEqual([]);
    const rooms = (await a.pullAll('rooms')).documents;
    expect(rooms.map((r) => r.id)).toContain(roomId);
    const messages = (await a.pullAll('messages')).documents;
    expect(messages.map((m) => m.id)).toEqual([doc.id]);
    const again = await a.post<StartDmResponse>('/api/chat/rooms/start_dm/', { user_id: b.id });
    expect(again.body).toMatchObject({ created: false, room: { id: roomId, last_message_content: 'first, written offline' } });
  });
});

describe('push: refused writes store nothing and come back as conflicts', () => {
  it('a message into a foreign room comes back as the pushed doc marked deleted', async () => {
    const { client, dmRoom } = await pairWithHistory(server, 1);
    const intruder = await register(server);
    const doc = messageDoc(intruder.id, dmRoom, { content: 'intrusion' });
    const res = await intruder.push('messages', create(doc));
    expect(res.body).toEqual([{ ...doc, _deleted: true }]);
    expect(await countIn(client, dmRoom)).toBe(1);
    const [victim] = (await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results;
    const guessed = { ...messageDoc(intruder.id, dmRoom, { content: 'overwrite' }), id: victim?.id as string };
    const guess = await intruder.push('messages', [{ newDocumentState: guessed, assumedMasterState: null }]);
    expect(guess.body).toEqual([{ ...guessed, _deleted: true }]);
    expect(JSON.stringify(guess.body)).not.toContain(victim?.content as string);
  });

  it('a message with another sender_id is refused', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const doc = messageDoc(cleaner.id, dmRoom, { content: 'forged' });
    const res = await client.push('messages', create(doc));
    expect(res.body).toEqual([{ ...doc, _deleted: true }]);
    expect(await countIn(client, dmRoom)).toBe(0);
  });

  it('editing someone else message returns the unchanged server state', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const theirs = { ...(await say(cleaner, dmRoom, 'original')), _deleted: false };
    const res = await client.push('messages', [{ newDocumentState: { ...theirs, content: 'hijacked' }, assumedMasterState: theirs }]);
    expect(res.body).toEqual([theirs]);
    const del = await client.push('messages', [{ newDocumentState: { ...theirs, deleted: true, content: '' }, assumedMasterState: theirs }]);
    expect(del.body).toEqual([theirs]);
    const [stored] = (await cleaner.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results;
    expect(stored).toMatchObject({ content: 'original', deleted: false });
  });

  it('a DM room between two other users, or with an unknown user, is refused', async () => {
    const [me, x, y] = await Promise.all([register(server), register(server), register(server)]);
    const others = dmRoomDoc(x.id, y.id, me.id);
    expect((await me.push('rooms', [{ newDocumentState: others, assumedMasterState: null }])).body).toEqual([{ ...others, _deleted: true }]);
    const ghostId = 'ffffffff-ffff-7fff-bfff-ffffffffffff';
    const ghost = dmRoomDoc(me.id, ghostId, me.id);
    expect((await me.push('rooms', [{ newDocumentState: ghost, assumedMasterState: null }])).body).toEqual([{ ...ghost, _deleted: true }]);
    const toGhost = messageDoc(me.id, dmRoomId(me.id, ghostId));
    expect((await me.push('messages', create(toGhost))).body).toEqual([{ ...toGhost, _deleted: true }]);
    const intoOthers = messageDoc(me.id, others.id);
    expect((await me.push('messages', create(intoOthers))).body).toEqual([{ ...intoOthers, _deleted: true }]);
    // Nothing was stored: the pair's DM is still new to them.
    const start = await x.post<StartDmResponse>('/api/chat/rooms/start_dm/', { user_id: y.id });
    expect(start.body.created).toBe(true);
    expect((await me.pullAll('rooms')).documents).toEqual([]);
    // Once it exists, pushing it again still reveals nothing of it.
    const existing = await me.push('rooms', [{ newDocumentState: others, assumedMasterState: null }]);
    expect(existing.body).toEqual([{ ...others, _deleted: true }]);
  });

  it('pushing users or jobs is refused with the server state', async () => {
    const { client, job } = await pairWithHistory(server, 0);
    const ownUser = (await client.pullAll('users')).documents.find((u) => u.id === client.id) as WireDoc<'users'>;
    const userRes = await client.push('users', [{ newDocumentState: { ...ownUser, role: 'admin' }, assumedMasterState: ownUser }]);
    expect(userRes.body).toEqual([ownUser]);
    const jobDoc = { ...job, _deleted: false };
    const jobRes = await client.push('jobs', [{ newDocumentState: { ...jobDoc, status: 'done' }, assumedMasterState: jobDoc }]);
    expect(jobRes.body).toEqual([jobDoc]);
    expect((await client.get<{ status: string }>(`/api/jobs/${job.id}`)).body.status).toBe('assigned');
  });

  it('a push body that does not match the schema is 400 and stores nothing', async () => {
    const { client, dmRoom } = await pairWithHistory(server, 0);
    const bad = { ...messageDoc(client.id, dmRoom), colour: 'red' };
    expect((await client.push('messages', create(bad))).status).toBe(400);
    expect((await client.post('/api/sync/messages/push', { not: 'an array' })).status).toBe(400);
    expect(await countIn(client, dmRoom)).toBe(0);
  });
});

describe('push: rooms and memberships', () => {
  it('creating a DM where the caller is a or b works once and is a no-op after', async () => {
    const [a, b] = await Promise.all([register(server), register(server)]);
    const doc = dmRoomDoc(a.id, b.id, a.id);
    expect((await a.push('rooms', [{ newDocumentState: doc, assumedMasterState: null }])).body).toEqual([]);
    const start = await b.post<StartDmResponse>('/api/chat/rooms/start_dm/', { user_id: a.id });
    expect(start.body).toMatchObject({ created: false, room: { id: doc.id } });
    const stored = (await b.pullAll('rooms')).documents.find((r) => r.id === doc.id) as RoomDoc;
    const replay = await a.push('rooms', [{ newDocumentState: { ...stored, _deleted: false }, assumedMasterState: null }]);
    expect(replay.body).toEqual([]);
  });

  it('own membership: archived/muted apply, last_read_at never moves back; someone else membership is refused', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 1);
    await say(client, dmRoom, 'marks my read state');
    const all = (await client.pullAll('memberships')).documents;
    const own = all.find((m) => m.id === `${dmRoom}|${client.id}`) as WireDoc<'memberships'>;
    const theirs = all.find((m) => m.id === `${dmRoom}|${cleaner.id}`) as WireDoc<'memberships'>;
    expect(own.last_read_at).not.toBeNull();

    const muted = await client.push('memberships', [{ newDocumentState: { ...own, muted: true, archived: true }, assumedMasterState: own }]);
    expect(muted.body).toEqual([]);
    const back = await client.push('memberships', [
      { newDocumentState: { ...own, muted: true, archived: true, last_read_at: '2000-01-01T00:00:00.000Z' }, assumedMasterState: own },
    ]);
    expect(back.body.length).toBeLessThanOrEqual(1);
    const now = (await client.pullAll('memberships')).documents.filter((m) => m.id === own.id).at(-1);
    expect(now).toMatchObject({ muted: true, archived: true, last_read_at: own.last_read_at });

    const forged = await client.push('memberships', [{ newDocumentState: { ...theirs, archived: true }, assumedMasterState: theirs }]);
    expect(forged.body).toHaveLength(1);
    expect(forged.body[0]).toMatchObject({ id: theirs.id, archived: false });
    const theirsNow = (await cleaner.pullAll('memberships')).documents.filter((m) => m.id === theirs.id).at(-1);
    expect(theirsNow?.archived).toBe(false);
  });

  it('concurrent changes merge field by field: a stale mark-read does not undo a server-side un-archive', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 1);
    await client.post(`/api/chat/rooms/${dmRoom}/archive/`);
    const stale = (await client.pullAll('memberships')).documents.filter((m) => m.id === `${dmRoom}|${client.id}`).at(-1);
    if (!stale) throw new Error('membership not pulled');
    expect(stale.archived).toBe(true);
    await say(cleaner, dmRoom, 'un-archives it on the server');
    const readAt = new Date().toISOString();
    const res = await client.push('memberships', [{ newDocumentState: { ...stale, last_read_at: readAt }, assumedMasterState: stale }]);
    expect(res.body.length).toBeLessThanOrEqual(1);
    const now = (await client.pullAll('memberships')).documents.filter((m) => m.id === stale.id).at(-1);
    expect(now).toMatchObject({ archived: false, last_read_at: readAt });
  });
});
