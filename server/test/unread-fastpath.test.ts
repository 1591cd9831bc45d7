import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countUnread, type DmRoomListItem, type MessageDoc, type RoomWithUnread, type WireDoc } from '../src/shared';
import { closeAll, messageDoc, register, startTestServer, type Client, type TestServer } from './helpers';
import { createJob, latest, say, startDm } from './fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

/**
 * What the room list must say, worked out from the replicated documents with the shared rule:
 * unread is `countUnread` over the room's messages and the reader's marker; the order is the
 * newest server time first (then id); `archived` filters by the reader's own membership.
 */
async function expected(who: Client) {
  const messages = [...latest((await who.pullAll('messages')).documents).values()].filter((m) => !m._deleted);
  const rooms = [...latest((await who.pullAll('rooms')).documents).values()].filter((r) => !r._deleted);
  const own = latest((await who.pullAll('memberships')).documents);
  return rooms
    .map((room) => {
      const mine = own.get(`${room.id}|${who.id}`);
      const inRoom = messages.filter((m) => m.room_id === room.id);
      return { id: room.id, type: room.room_type, archived: mine?.archived ?? false, unread: countUnread(inRoom, who.id, mine?.last_read_at ?? null), at: room.last_message_time ?? room.created_at };
    })
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at > b.at ? -1 : 1));
}

async function checkLists(who: Client, step: string) {
  const want = await expected(who);
  const view = (list: RoomWithUnread[]) => list.map((r) => [r.id, r.unread_count]);
  const all = await who.get<RoomWithUnread[]>('/api/chat/rooms/');
  expect(view(all.body), `${step}: rooms`).toEqual(want.map((r) => [r.id, r.unread]));
  const dms = await who.get<DmRoomListItem[]>('/api/chat/rooms/direct_messages/');
  expect(view(dms.body), `${step}: DMs`).toEqual(want.filter((r) => r.type === 'direct').map((r) => [r.id, r.unread]));
  for (const dm of dms.body) expect(dm.participants.map((p) => p.id).sort(), step).toEqual([...dm.participant_ids].sort());
  for (const archived of [true, false]) {
    const list = await who.get<RoomWithUnread[]>(`/api/chat/rooms/?archived=${archived}`);
    expect(view(list.body), `${step}: archived=${archived}`).toEqual(want.filter((r) => r.archived === archived).map((r) => [r.id, r.unread]));
  }
  for (const room of want) {
    expect((await who.get<RoomWithUnread>(`/api/chat/rooms/${room.id}/`)).body.unread_count, `${step}: ${room.id}`).toBe(room.unread);
  }
}

const wire = (m: MessageDoc): WireDoc<'messages'> => ({ ...m, _deleted: false });

describe('unread counts and room order on the indexed fast path', () => {
  it('agree with the shared rule across send, read, edit, delete, archive and pushed markers', async () => {
    const [alice, bob, carol] = await Promise.all([register(server, 'client'), register(server, 'cleaner'), register(server)]);
    const job = await createJob(alice, bob.id);
    const jobRoom = `job:${job.id}`;
    const ab = await startDm(alice, bob);
    const ac = await startDm(carol, alice);
    const everyone = async (step: string) => {
      for (const who of [alice, bob, carol]) await checkLists(who, step);
    };
    await everyone('empty rooms');
    const fromBob = [await say(bob, ab, 'one'), await say(bob, ab, 'two'), await say(bob, jobRoom, 'job')];
    await say(carol, ac, 'hi alice');
    await everyone('sent');
    expect((await alice.post(`/api/chat/rooms/${ab}/read/`)).status).toBe(200);
    await say(bob, ab, 'three');
    await everyone('read, then one more');
    const edited = await bob.push('messages', [
      { newDocumentState: { ...wire(fromBob[2] as MessageDoc), content: 'job, edited' }, assumedMasterState: wire(fromBob[2] as MessageDoc) },
    ]);
    expect(edited.body).toEqual([]);
    await everyone('edited');
    const stored = latest((await bob.pullAll('messages')).documents).get((fromBob[2] as MessageDoc).id);
    if (!stored) throw new Error('message not pulled');
    const deleted = await bob.push('messages', [{ newDocumentState: { ...stored, content: '', deleted: true }, assumedMasterState: stored }]);
    expect(deleted.body).toEqual([]);
    await everyone('deleted');
    expect((await alice.post(`/api/chat/rooms/${ac}/archive/`)).status).toBe(200);
    await everyone('archived');
    await say(carol, ac, 'still there?');
    await everyone('un-archived by a new message');
    // A marker pushed back in time is refused; one in the middle of the room counts the tail.
    const pushedAt = (await say(bob, ab, 'four')).received_at as string;
    await say(bob, ab, 'five');
    const mine = latest((await alice.pullAll('memberships')).documents).get(`${ab}|${alice.id}`);
    if (!mine) throw new Error('membership not pulled');
    await alice.push('memberships', [{ newDocumentState: { ...mine, last_read_at: pushedAt }, assumedMasterState: mine }]);
    await everyone('pushed marker');
    await bob.push('messages', [{ newDocumentState: messageDoc(bob.id, ab, { content: 'pushed' }), assumedMasterState: null }]);
    await alice.post(`/api/chat/rooms/${jobRoom}/read/`);
    await everyone('pushed message, job read');
  });
});
