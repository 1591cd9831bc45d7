import { describe, expect, it } from 'vitest';
import { newId, type RoomDoc } from '../src/shared';
import { errorCode, register, type Client } from './helpers';
import { latest } from './fixtures';
import { startStaffServer } from './staff';

const server = await startStaffServer();

async function announcements(staff: Client, members: Client[], extra: object = {}): Promise<RoomDoc> {
  const res = await staff.post<RoomDoc>('/api/chat/rooms/', { room_type: 'general', name: 'Cleanchat news', participant_ids: members.map((m) => m.id), ...extra });
  if (res.status !== 201) throw new Error(`create announcements answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const pushed = (who: Client, roomId: string, content: string) =>
  who.push('messages', [
    {
      newDocumentState: { id: newId(), room_id: roomId, sender_id: who.id, content, kind: 'text', created_at: new Date().toISOString(), server_seq: 0, received_at: null, edited_at: null, deleted: false, attachment: null, location: null, reply_to_id: null, album_id: null, _deleted: false },
      assumedMasterState: null,
    },
  ]);

describe('announcement rooms (SPEC §10)', () => {
  it('support and admin make a general room, staff-only by default, with any members', async () => {
    const [sam, ada] = [await server.staff('support', 'Sam'), await server.staff('admin', 'Ada')];
    const [alice, bob] = [await register(server, 'client', 'Alice'), await register(server, 'cleaner', 'Bob')];
    const bySupport = await announcements(sam, [alice, bob]);
    expect(bySupport).toMatchObject({ room_type: 'general', posting: 'staff', status: null, created_by: sam.id });
    expect(bySupport.participant_ids).toEqual([sam.id, alice.id, bob.id].sort());
    const byAdmin = await announcements(ada, [alice]);
    expect(byAdmin.posting).toBe('staff');
    expect(latest((await alice.pullAll('rooms')).documents).get(bySupport.id)?.posting).toBe('staff');
  });

  it('only staff post: REST answers 403 posting_restricted and push refuses, storing nothing', async () => {
    const [sam, ada] = [await server.staff('support', 'Sam'), await server.staff('admin', 'Ada')];
    const [alice, bob] = [await register(server, 'client', 'Alice'), await register(server, 'cleaner', 'Bob')];
    const room = await announcements(sam, [alice, bob, ada]);
    await sam.send(room.id, 'New prices from March');
    await ada.send(room.id, 'And a new app version');

    const rest = await alice.post(`/api/chat/rooms/${room.id}/messages/`, { content: 'me too' });
    expect([rest.status, errorCode(rest)]).toEqual([403, 'posting_restricted']);
    const refused = await pushed(bob, room.id, 'pushed anyway');
    expect(refused.body).toEqual([expect.objectContaining({ _deleted: true })]);

    const contents = (await alice.messages(room.id)).filter((m) => m.kind !== 'system').map((m) => m.content);
    expect(contents).toEqual(['New prices from March', 'And a new app version']);
    expect(JSON.stringify(await sam.pullAll('messages'))).not.toMatch(/me too|pushed anyway/);
  });

  it('members read it like any room: read markers and leaving work', async () => {
    const sam = await server.staff('support', 'Sam');
    const [alice, bob] = [await register(server, 'client', 'Alice'), await register(server, 'cleaner', 'Bob')];
    const room = await announcements(sam, [alice, bob]);
    await sam.send(room.id, 'Hello all');
    expect((await alice.post(`/api/chat/rooms/${room.id}/read/`)).status).toBe(200);
    expect((await alice.post(`/api/chat/rooms/${room.id}/leave/`)).status).toBe(204);
    expect((await alice.get(`/api/chat/rooms/${room.id}/`)).status).toBe(404);
  });
});
