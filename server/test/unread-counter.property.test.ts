import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countUnread, type RoomWithUnread, type WireDoc } from '../src/shared';
import { closeAll, messageDoc, register, startTestServer, type Client, type TestServer } from './helpers';
import { createJob, latest, say, startDm } from './fixtures';

/**
 * The unread counter on the membership row (migration 9) against the shared rule: after any
 * sequence of sends (REST and push), reads (REST and pushed markers, also mid-room), edits,
 * deletes and changes of cleaner (leaving and joining a room with history), every user's room
 * list says `countUnread` over the room's messages and their own marker.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

const who = fc.constantFrom(0, 1, 2);
const room = fc.constantFrom('dm', 'job');
const op = fc.oneof(
  fc.record({ kind: fc.constantFrom('say', 'push', 'read', 'pushRead', 'edit', 'delete'), who, room, pick: fc.nat() }),
  fc.record({ kind: fc.constant('reassign'), who, room, pick: fc.nat() }),
);

async function expectCountsFollowTheRule(user: Client, step: string): Promise<void> {
  const messages = [...latest((await user.pullAll('messages')).documents).values()].filter((m) => !m._deleted);
  const own = latest((await user.pullAll('memberships')).documents);
  const list = (await user.get<RoomWithUnread[]>('/api/chat/rooms/')).body;
  for (const r of list) {
    const marker = own.get(`${r.id}|${user.id}`)?.last_read_at ?? null;
    const want = countUnread(messages.filter((m) => m.room_id === r.id), user.id, marker);
    expect(r.unread_count, `${step}: ${r.id} for ${user.user.username}`).toBe(want);
    expect((await user.get<RoomWithUnread>(`/api/chat/rooms/${r.id}/`)).body.unread_count, `${step}: GET ${r.id}`).toBe(want);
  }
}

describe('the unread counter on the membership row', () => {
  it('equals the shared rule after any sequence of send, read, edit, delete and reassignment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        const [alice, bob, carol] = [await register(server, 'client'), await register(server, 'cleaner'), await register(server, 'cleaner')];
        const users = [alice, bob, carol];
        const job = await createJob(alice, bob.id);
        let cleaner = bob;
        const rooms = { dm: await startDm(alice, bob), job: `job:${job.id}` };
        const members = (r: 'dm' | 'job') => (r === 'dm' ? [alice, bob] : [alice, cleaner]);
        for (const [i, o] of ops.entries()) {
          const user = users[o.who] as Client;
          const roomId = rooms[o.room as 'dm' | 'job'];
          const isMember = members(o.room as 'dm' | 'job').includes(user);
          const inRoom = isMember ? [...latest((await user.pullAll('messages')).documents).values()].filter((m) => m.room_id === roomId && !m._deleted) : [];
          const mine = inRoom.filter((m) => m.sender_id === user.id);
          if (o.kind === 'reassign') {
            cleaner = cleaner === bob ? carol : bob;
            await alice.patchJob(job.id, { cleaner_id: cleaner.id });
          } else if (!isMember) {
            continue;
          } else if (o.kind === 'say') {
            await say(user, roomId, `say ${i}`);
          } else if (o.kind === 'push') {
            await user.push('messages', [{ newDocumentState: messageDoc(user.id, roomId, { content: `push ${i}` }), assumedMasterState: null }]);
          } else if (o.kind === 'read') {
            await user.post(`/api/chat/rooms/${roomId}/read/`);
          } else if (o.kind === 'pushRead' && inRoom.length > 0) {
            const at = inRoom[o.pick % inRoom.length]?.received_at as string;
            const m = latest((await user.pullAll('memberships')).documents).get(`${roomId}|${user.id}`) as WireDoc<'memberships'>;
            await user.push('memberships', [{ newDocumentState: { ...m, last_read_at: at }, assumedMasterState: m }]);
          } else if ((o.kind === 'edit' || o.kind === 'delete') && mine.length > 0) {
            const m = mine[o.pick % mine.length] as WireDoc<'messages'>;
            const next = o.kind === 'edit' ? { ...m, content: `edited ${i}` } : { ...m, content: '', deleted: true };
            expect((await user.push('messages', [{ newDocumentState: next, assumedMasterState: m }])).body).toEqual([]);
          }
        }
        for (const user of users) await expectCountsFollowTheRule(user, ops.map((o) => o.kind).join(','));
      }),
      {
        numRuns: 8,
        // The paths one at a time first: a delete of an unread message, a mid-room pushed marker,
        // a cleaner joining a room with history and leaving it.
        examples: [
          [[{ kind: 'say', who: 1, room: 'dm', pick: 0 }, { kind: 'push', who: 1, room: 'dm', pick: 0 }, { kind: 'delete', who: 1, room: 'dm', pick: 0 }]],
          [[{ kind: 'say', who: 0, room: 'job', pick: 0 }, { kind: 'say', who: 0, room: 'job', pick: 0 }, { kind: 'pushRead', who: 1, room: 'job', pick: 0 }]],
          [[{ kind: 'say', who: 0, room: 'job', pick: 0 }, { kind: 'reassign', who: 0, room: 'job', pick: 0 }, { kind: 'say', who: 2, room: 'job', pick: 0 }, { kind: 'reassign', who: 0, room: 'job', pick: 0 }]],
        ],
      },
    );
  }, 180_000);
});
