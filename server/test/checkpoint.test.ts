import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmRoomId, type PullResponse, type SyncCheckpoint } from '../src/shared';
import { TEST_BACKEND } from './helpers';
import {
  Client,
  closeAll,
  messageDoc,
  register,
  startTestServers,
  type Reply,
  type TestServer,
} from './helpers';

/**
 * The checkpoint hazard (docs/server.md): a pull moves its checkpoint to the last feed position
 * it saw. If positions were committed out of order, a pull could pass one still in flight and
 * never return its document. Here many writers on two instances push while every user pulls
 * without pause; afterwards each user's continuous pulls must hold everything a pull from
 * scratch holds.
 */
let servers: TestServer[];
beforeAll(async () => {
  servers = await startTestServers(2);
});
afterAll(closeAll);

const USERS = 6;
const PUSHES_PER_USER = 12;
const ROWS_PER_PUSH = 3;

const on = (user: Client, i: number) =>
  new Client((servers[i % servers.length] as TestServer).url, user.auth);

/** Pulls `messages` page by page until `stop()` and then until a page comes back empty. */
async function pullContinuously(user: Client, stop: () => boolean): Promise<Set<string>> {
  const seen = new Set<string>();
  let checkpoint: SyncCheckpoint | null = null;
  for (let i = 0; ; i++) {
    const finished = stop();
    const page: Reply<PullResponse<'messages'>> = await on(user, i).pull('messages', checkpoint, 7);
    if (page.status !== 200) throw new Error(`pull answered ${page.status}`);
    for (const doc of page.body.documents) seen.add(doc.id);
    checkpoint = page.body.checkpoint;
    if (finished && page.body.documents.length === 0) return seen;
  }
}

describe(`the checkpoint hazard on ${TEST_BACKEND}`, () => {
  it('no continuously pulling client misses a document while many writers on two instances commit', async () => {
    const users = await Promise.all(
      Array.from({ length: USERS }, (_, i) => register(servers[i % 2] as TestServer)),
    );
    const pairs = users.flatMap((a, i) => users.slice(i + 1).map((b) => [a, b] as const));
    for (const [a, b] of pairs) await a.post('/api/chat/rooms/start_dm/', { user_id: b.id });

    let writing = true;
    const readers = users.map((u) => pullContinuously(u, () => !writing));
    const writers = users.map(async (me, w) => {
      const rooms = users.filter((u) => u !== me).map((u) => dmRoomId(me.id, u.id));
      for (let p = 0; p < PUSHES_PER_USER; p++) {
        const room = rooms[(w + p) % rooms.length] as string;
        const rows = Array.from({ length: ROWS_PER_PUSH }, () => ({
          newDocumentState: messageDoc(me.id, room),
          assumedMasterState: null,
        }));
        const res = await on(me, w + p).push('messages', rows);
        expect([res.status, res.body]).toEqual([200, []]);
      }
    });
    await Promise.all(writers);
    writing = false;
    const seen = await Promise.all(readers);

    for (const [i, user] of users.entries()) {
      const { documents } = await user.pullAll('messages');
      const all = documents.map((d) => d.id);
      expect(all.length).toBeGreaterThan(0);
      const missed = all.filter((id) => !(seen[i] as Set<string>).has(id));
      expect(missed, `${missed.length} of ${all.length} documents never reached user ${i}`).toEqual([]);
    }
    const total = users.length * PUSHES_PER_USER * ROWS_PER_PUSH;
    const stored = await Promise.all(users.map(async (u) => (await u.pullAll('messages')).documents.length));
    // Every message is in exactly two users' feeds (a DM).
    expect(stored.reduce((a, b) => a + b, 0)).toBe(2 * total);
    // Hundreds of writes and pulls; on a busy 2-core CI machine this takes far more than one call.
  }, 120_000);
});
