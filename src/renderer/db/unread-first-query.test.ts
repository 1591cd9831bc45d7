import type { PreparedQuery, RxStorageInstance } from 'rxdb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { at, localMessage, openTestDb } from '../test/fakes';
import type { CleanchatDatabase } from './database';
import { unreadCount$ } from './unread';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';

let db: CleanchatDatabase;
beforeEach(async () => {
  db = await openTestDb('alice');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.remove();
});

describe("unreadCount$'s first query", SLOW, () => {
  it('reads the room once when a write commits while it runs (a first sync writes all the time)', async () => {
    await db.messages.bulkInsert([localMessage(DM, 'bob', { created_at: at(1) }), localMessage(DM, 'bob', { created_at: at(2) })]);
    const storage = db.messages.storageInstance as unknown as RxStorageInstance<unknown, unknown, unknown>;
    const query = storage.query.bind(storage);
    let roomReads = 0;
    vi.spyOn(storage, 'query').mockImplementation(async (prepared: PreparedQuery<unknown>) => {
      const unreadQuery = JSON.stringify(prepared.query.selector).includes('$ne');
      if (!unreadQuery) return query(prepared);
      roomReads += 1;
      const result = await query(prepared);
      // The history keeps arriving: a write commits before this read returns (the first time).
      if (roomReads === 1) await db.messages.insert(localMessage(DM, 'bob', { created_at: at(3) }));
      return result;
    });
    const counts: number[] = [];
    const subscription = unreadCount$(db, DM, 'alice', null).subscribe((n) => counts.push(n));
    await vi.waitFor(() => expect(counts.at(-1)).toBe(3));
    subscription.unsubscribe();
    // RxDB's exec() ran it again for the write that committed meanwhile.
    expect(roomReads).toBe(1);
  });
});
