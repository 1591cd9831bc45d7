import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, newId, type CollectionName, type MembershipDoc, type RoomDoc, type SyncCheckpoint } from '../src/shared';
import { closeAll, errorCode, register, request, startTestServer, type Client, type TestServer } from './helpers';
import { assertSchema, latest, say, startDm } from './fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

type Checkpoints = Record<CollectionName, SyncCheckpoint | null>;
async function syncAll(who: Client): Promise<Checkpoints> {
  const out = {} as Checkpoints;
  for (const c of COLLECTIONS) out[c] = (await who.pullAll(c)).checkpoint;
  return out;
}
const since = <C extends CollectionName>(who: Client, c: C, cps: Checkpoints) => who.pullAll(c, cps[c]).then((r) => r.documents);
const del = (who: Client, path: string) => request<unknown>(who.base, 'DELETE', path, { token: who.token });

async function people(n: number): Promise<Client[]> {
  const names = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin'];
  return Promise.all(names.slice(0, n).map((name) => register(server, 'client', name)));
}

async function group(owner: Client, others: Client[], name = 'Spring clean crew'): Promise<RoomDoc> {
  const res = await owner.post<RoomDoc>('/api/chat/rooms/', { room_type: 'group', name, participant_ids: others.map((o) => o.id) });
  if (res.status !== 201) throw new Error(`create group answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const contents = async (who: Client, roomId: string) => (await who.messages(roomId)).map((m) => `${m.kind}:${m.content}`);
const role = async (who: Client, roomId: string, userId: string) =>
  latest((await who.pullAll('memberships')).documents).get(`${roomId}|${userId}`)?.role;

describe('creating a group (SPEC §10)', () => {
  it('answers 201 with the room; the creator is its owner, the others members, and a notice opens the timeline', async () => {
    const [alice, bob, carol] = await people(3);
    const room = await group(alice!, [bob!, carol!]);
    expect(room).toMatchObject({ room_type: 'group', name: 'Spring clean crew', created_by: alice!.id, status: null, posting: 'all' });
    expect(room.id).toMatch(/^group:/);
    expect(room.participant_ids).toEqual([alice!.id, bob!.id, carol!.id].sort());
    const memberships = (await bob!.pullAll('memberships')).documents.filter((m) => m.room_id === room.id);
    assertSchema('memberships', memberships);
    expect(Object.fromEntries(memberships.map((m) => [m.user_id, m.role]))).toEqual({
      [alice!.id]: 'owner',
      [bob!.id]: 'member',
      [carol!.id]: 'member',
    });
    expect(await contents(carol!, room.id)).toEqual(['system:Alice created the group "Spring clean crew"']);
  });

  it('refuses fewer than two others, unknown people, bad names and an announcement room from a non-staff account', async () => {
    const [alice, bob, carol] = await people(3);
    const post = (body: unknown) => alice!.post('/api/chat/rooms/', body);
    const one = await post({ room_type: 'group', name: 'Pair', participant_ids: [bob!.id, alice!.id, bob!.id] });
    expect([one.status, errorCode(one)]).toEqual([400, 'validation_failed']);
    const unknown = await post({ room_type: 'group', name: 'G', participant_ids: [bob!.id, 'nobody-here'] });
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'not_found']);
    const blank = await post({ room_type: 'group', name: ' \u200b ', participant_ids: [bob!.id, carol!.id] });
    expect([blank.status, errorCode(blank)]).toEqual([400, 'validation_failed']);
    const general = await post({ room_type: 'general', name: 'News', participant_ids: [bob!.id] });
    expect([general.status, errorCode(general)]).toEqual([403, 'forbidden']);
    expect((await alice!.rooms()).length).toBe(0);
  });
});

describe('owners manage the group', () => {
  it('only owners add, remove and rename; non-members get 404; a DM has no owners', async () => {
    const [alice, bob, carol, dave, erin] = await people(5);
    const room = await group(alice!, [bob!, carol!]);
    const base = `/api/chat/rooms/${room.id}`;
    for (const res of [
      await bob!.post(`${base}/members/`, { user_id: dave!.id }),
      await del(bob!, `${base}/members/${carol!.id}/`),
      await bob!.patch(`${base}/`, { name: 'Mine now' }),
    ]) expect([res.status, errorCode(res)]).toEqual([403, 'forbidden']);
    for (const res of [await erin!.post(`${base}/members/`, { user_id: dave!.id }), await erin!.patch(`${base}/`, { name: 'x' })]) {
      expect([res.status, errorCode(res)]).toEqual([404, 'not_found']);
    }
    const dm = await startDm(alice!, bob!);
    const onDm = await alice!.post(`/api/chat/rooms/${dm}/members/`, { user_id: dave!.id });
    expect([onDm.status, errorCode(onDm)]).toEqual([409, 'room_type_not_allowed']);
    expect((await alice!.call<RoomDoc>('GET', `${base}/`)).participant_ids).toEqual([alice!.id, bob!.id, carol!.id].sort());
  });

  it('an added member receives the room and its earlier messages on the next pull, after a notice', async () => {
    const [alice, bob, carol, dave] = await people(4);
    const room = await group(alice!, [bob!, carol!]);
    const history = [await say(bob!, room.id, 'the van is booked'), await say(carol!, room.id, 'bring gloves')];
    const cps = await syncAll(dave!);
    const added = await alice!.post<RoomDoc>(`/api/chat/rooms/${room.id}/members/`, { user_id: dave!.id });
    expect(added.status).toBe(200);
    expect(added.body.participant_ids).toContain(dave!.id);

    const messages = await since(dave!, 'messages', cps);
    assertSchema('messages', messages);
    expect(messages.filter((m) => !m._deleted).map((m) => m.id)).toEqual(expect.arrayContaining(history.map((m) => m.id)));
    expect(latest(await since(dave!, 'rooms', cps)).get(room.id)?._deleted).toBe(false);
    expect((await contents(dave!, room.id)).at(-1)).toBe('system:Alice added Dave');
    expect(await role(dave!, room.id, dave!.id)).toBe('member');
    // Adding someone already in the room changes nothing.
    await alice!.call('POST', `/api/chat/rooms/${room.id}/members/`, { user_id: dave!.id });
    expect((await contents(alice!, room.id)).filter((c) => c.endsWith('added Dave'))).toHaveLength(1);
  });

  it("a removed member's copy is purged, the room answers 404, and nothing said afterwards reaches them", async () => {
    const [alice, bob, carol, dave] = await people(4);
    const room = await group(alice!, [bob!, carol!, dave!]);
    await say(dave!, room.id, 'see you at nine');
    const cps = await syncAll(dave!);
    expect((await del(alice!, `/api/chat/rooms/${room.id}/members/${dave!.id}/`)).status).toBe(200);
    await say(bob!, room.id, 'said after Dave left: door code 4411');
    await alice!.call('PATCH', `/api/chat/rooms/${room.id}/`, { name: 'Secret new name' });

    const rooms = latest(await since(dave!, 'rooms', cps));
    expect(rooms.get(room.id)).toMatchObject({ _deleted: true, name: '', participant_ids: [] });
    const messages = await since(dave!, 'messages', cps);
    assertSchema('messages', messages);
    expect(messages.every((m) => m._deleted)).toBe(true);
    expect(JSON.stringify(await dave!.pullAll('messages'))).not.toMatch(/4411|removed Dave|Secret new name/);
    expect(JSON.stringify(await dave!.pullAll('rooms'))).not.toMatch(/Secret new name/);
    expect((await dave!.get(`/api/chat/rooms/${room.id}/`)).status).toBe(404);
    expect((await dave!.get(`/api/chat/rooms/${room.id}/messages/`)).status).toBe(404);
    expect((await dave!.post(`/api/chat/rooms/${room.id}/messages/`, { content: 'hello?' })).status).toBe(404);
    expect(await contents(carol!, room.id)).toEqual(expect.arrayContaining(['system:Alice removed Dave']));
  });

  it('renaming changes the name for everyone and says so in the timeline', async () => {
    const [alice, bob, carol] = await people(3);
    const room = await group(alice!, [bob!, carol!]);
    const renamed = await alice!.patch<RoomDoc>(`/api/chat/rooms/${room.id}/`, { name: 'Autumn crew' });
    expect([renamed.status, renamed.body.name]).toEqual([200, 'Autumn crew']);
    expect(latest((await bob!.pullAll('rooms')).documents).get(room.id)?.name).toBe('Autumn crew');
    expect((await contents(bob!, room.id)).at(-1)).toBe('system:Alice renamed the group to "Autumn crew"');
  });
});

describe('leaving', () => {
  it("purges the leaver's copy and tells the rest; the last owner leaving makes the longest-standing member owner", async () => {
    const [alice, bob, carol, dave] = await people(4);
    const room = await group(alice!, [bob!, carol!]);
    await alice!.call('POST', `/api/chat/rooms/${room.id}/members/`, { user_id: dave!.id });
    const cps = await syncAll(alice!);
    expect((await alice!.post(`/api/chat/rooms/${room.id}/leave/`)).status).toBe(204);

    expect(latest(await since(alice!, 'rooms', cps)).get(room.id)?._deleted).toBe(true);
    expect((await since(alice!, 'messages', cps)).every((m) => m._deleted)).toBe(true);
    expect((await alice!.get(`/api/chat/rooms/${room.id}/`)).status).toBe(404);
    expect((await contents(bob!, room.id)).at(-1)).toBe('system:Alice left');
    // Bob and Carol joined with the room, before Dave: the earlier of the two by id order at equal times.
    const heir = [bob!, carol!].sort((a, b) => `${room.id}|${a.id}`.localeCompare(`${room.id}|${b.id}`))[0]!;
    expect(await role(dave!, room.id, heir.id)).toBe('owner');
    expect(await role(dave!, room.id, dave!.id)).toBe('member');
    expect((await heir.post(`/api/chat/rooms/${room.id}/members/`, { user_id: alice!.id })).status).toBe(200);
  });

  it('is refused for a DM or a job room', async () => {
    const [alice, bob] = await people(2);
    const dm = await startDm(alice!, bob!);
    const res = await alice!.post(`/api/chat/rooms/${dm}/leave/`);
    expect([res.status, errorCode(res)]).toEqual([409, 'room_type_not_allowed']);
  });
});

describe('push (SPEC §4 plus groups)', () => {
  const groupDoc = (owner: Client, others: Client[], extra: Partial<RoomDoc> = {}) => {
    const now = new Date().toISOString();
    return {
      id: `group:${newId()}`, room_type: 'group' as const, name: 'Made offline', job_id: null,
      participant_ids: [owner.id, ...others.map((o) => o.id)].sort(), created_by: owner.id, created_at: now, updated_at: now,
      last_message_content: null, last_message_time: null, last_message_sender_id: null, status: null, posting: 'all' as const,
      _deleted: false, ...extra,
    };
  };

  it('creates a group made offline by its owner, once however often it is pushed', async () => {
    const [alice, bob, carol] = await people(3);
    const doc = groupDoc(alice!, [bob!, carol!]);
    for (let i = 0; i < 2; i++) {
      const res = await alice!.push('rooms', [{ newDocumentState: doc, assumedMasterState: null }]);
      expect(res.status).toBe(200);
    }
    expect(await role(bob!, doc.id, alice!.id)).toBe('owner');
    expect((await contents(carol!, doc.id)).filter((c) => c.startsWith('system:'))).toHaveLength(1);
  });

  it("refuses a group in someone else's name, too small, or not a group id; nothing is stored", async () => {
    const [alice, bob, carol] = await people(3);
    for (const doc of [
      groupDoc(alice!, [bob!, carol!], { created_by: bob!.id }),
      groupDoc(alice!, [bob!]),
      groupDoc(alice!, [bob!, carol!], { id: `group:not-a-uuid` }),
      groupDoc(alice!, [bob!, carol!], { posting: 'staff' }),
    ]) {
      const res = await alice!.push('rooms', [{ newDocumentState: doc, assumedMasterState: null }]);
      expect(res.body).toEqual([expect.objectContaining({ id: doc.id, _deleted: true })]);
    }
    expect(await alice!.rooms()).toEqual([]);
  });

  it("one's own membership pushed as deleted leaves the group; a role change or a system message is refused", async () => {
    const [alice, bob, carol] = await people(3);
    const room = await group(alice!, [bob!, carol!]);
    const own = latest((await bob!.pullAll('memberships')).documents).get(`${room.id}|${bob!.id}`) as MembershipDoc & { _deleted: boolean };
    const promote = await bob!.push('memberships', [{ newDocumentState: { ...own, role: 'owner' }, assumedMasterState: own }]);
    expect(promote.body).toEqual([expect.objectContaining({ id: own.id, role: 'member' })]);
    const system = await bob!.push('messages', [
      { newDocumentState: { id: newId(), room_id: room.id, sender_id: bob!.id, content: 'Alice made Bob owner', kind: 'system', created_at: new Date().toISOString(), server_seq: 0, received_at: null, edited_at: null, deleted: false, attachment: null, location: null, reply_to_id: null, album_id: null, _deleted: false }, assumedMasterState: null },
    ]);
    expect(system.body).toEqual([expect.objectContaining({ _deleted: true })]);
    expect(await contents(alice!, room.id)).not.toContain('system:Alice made Bob owner');

    const notice = (await alice!.messages(room.id))[0]!;
    const edit = await alice!.push('messages', [{ newDocumentState: { ...notice, content: 'rewritten', _deleted: false }, assumedMasterState: { ...notice, _deleted: false } }]);
    expect(edit.body).toEqual([expect.objectContaining({ id: notice.id, content: notice.content })]);

    const leave = await bob!.push('memberships', [{ newDocumentState: { ...own, _deleted: true }, assumedMasterState: own }]);
    expect(leave.body).toEqual([]);
    expect((await bob!.get(`/api/chat/rooms/${room.id}/`)).status).toBe(404);
    expect((await contents(alice!, room.id)).at(-1)).toBe('system:Bob left');
  });
});
