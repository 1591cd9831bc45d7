import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countUnread } from '../../shared/rules';
import { at, localMessage, openTestDb } from '../test/fakes';
import type { CleanchatDatabase } from './database';
import { toMessageDoc, type LocalMessageDoc } from './message-codec';
import { newestMessage$, unreadCount$ } from './unread';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';

let db: CleanchatDatabase;
beforeEach(async () => {
  db = await openTestDb('alice');
});
afterEach(async () => {
  await db.remove();
});

/** Waits until the live count's latest value is the shared rule over what is stored. */
async function liveMatchesRule(counts: number[], lastReadAt: string | null): Promise<void> {
  const stored = (await db.messages.find({ selector: { room_id: DM } }).exec()).map((d) => toMessageDoc(d.toJSON() as LocalMessageDoc));
  await vi.waitFor(() => expect(counts.at(-1)).toBe(countUnread(stored, 'alice', lastReadAt)));
}

describe('unreadCount$, the live unread count', SLOW, () => {
  it('follows the shared rule through inserts, edits, deletions and writes racing its first query', async () => {
    await db.messages.bulkInsert([localMessage(DM, 'bob', { created_at: at(1) }), localMessage(DM, 'bob', { created_at: at(3) })]);
    const counts: number[] = [];
    const subscription = unreadCount$(db, DM, 'alice', at(2)).subscribe((n) => counts.push(n));
    // Written while the first query may still be running.
    const racing = localMessage(DM, 'bob', { created_at: at(4) });
    await db.messages.insert(racing);
    await liveMatchesRule(counts, at(2));
    expect(counts.at(-1)).toBe(2);

    await db.messages.bulkInsert([
      localMessage(DM, 'alice', { created_at: at(5) }),
      localMessage(DM, 'alice', { created_at: at(6), server_seq: 0 }),
      localMessage('dm:alice:carol', 'carol', { created_at: at(7) }),
      localMessage(DM, 'bob', { created_at: at(8) }),
    ]);
    await liveMatchesRule(counts, at(2));
    expect(counts.at(-1)).toBe(3);

    await (await db.messages.findOne(racing.id).exec())?.incrementalPatch({ is_deleted: true, content: '' });
    await liveMatchesRule(counts, at(2));
    expect(counts.at(-1)).toBe(2);
    await (await db.messages.findOne({ selector: { created_at: at(8) } }).exec())?.remove();
    await liveMatchesRule(counts, at(2));
    expect(counts.at(-1)).toBe(1);
    subscription.unsubscribe();
  });

  // A pulled batch of a first sync holds up to 1,000 messages, ten times RxDB's change-event
  // buffer: a live RxDB count that falls a batch behind re-runs its query over the whole room.
  it('does not re-read the room when large batches land faster than it keeps up', async () => {
    await db.messages.bulkInsert([localMessage(DM, 'bob')]);
    const counts: number[] = [];
    const subscription = unreadCount$(db, DM, 'alice', null).subscribe((n) => counts.push(n));
    await vi.waitFor(() => expect(counts.at(-1)).toBe(1));
    const storage = db.messages.storageInstance;
    const reads = [vi.spyOn(storage, 'query'), vi.spyOn(storage, 'count')];
    await Promise.all(
      Array.from({ length: 3 }, () => db.messages.bulkInsert(Array.from({ length: 150 }, () => localMessage(DM, 'bob')))),
    );
    await vi.waitFor(() => expect(counts.at(-1)).toBe(451));
    expect(reads.map((spy) => spy.mock.calls.length)).toEqual([0, 0]);
    subscription.unsubscribe();
  });
});

describe('newestMessage$, the newest message of a room', SLOW, () => {
  const newestIds = (values: (LocalMessageDoc | null)[]) => values.at(-1)?.id ?? null;

  it('follows inserts, my pending message, its acknowledgement and a revocation', async () => {
    const first = localMessage(DM, 'bob', { server_seq: 1 });
    const second = localMessage(DM, 'bob', { server_seq: 2 });
    await db.messages.bulkInsert([first, second, localMessage('dm:alice:carol', 'carol', { server_seq: 9 })]);
    const values: (LocalMessageDoc | null)[] = [];
    const subscription = newestMessage$(db, DM).subscribe((doc) => values.push(doc));
    await vi.waitFor(() => expect(newestIds(values)).toBe(second.id));

    const mine = localMessage(DM, 'alice', { server_seq: 0 });
    await db.messages.insert(mine);
    await vi.waitFor(() => expect(newestIds(values)).toBe(mine.id));
    await (await db.messages.findOne(mine.id).exec())?.incrementalPatch({ server_seq: 3, received_at: at(3) });
    await vi.waitFor(() => expect(values.at(-1)).toMatchObject({ id: mine.id, server_seq: 3 }));
    expect(values.at(-1)).not.toHaveProperty('_meta');

    await (await db.messages.findOne(mine.id).exec())?.remove();
    await vi.waitFor(() => expect(newestIds(values)).toBe(second.id));
    await (await db.messages.findOne(second.id).exec())?.incrementalPatch({ is_deleted: true, content: '' });
    await vi.waitFor(() => expect(values.at(-1)).toMatchObject({ id: second.id, is_deleted: true }));
    subscription.unsubscribe();
  });

  // The acked query sorts descending, which no index serves: each run reads the whole room.
  it('does not re-run its queries when batches larger than RxDB’s event buffer land', async () => {
    await db.messages.bulkInsert([localMessage(DM, 'bob', { server_seq: 1 })]);
    const values: (LocalMessageDoc | null)[] = [];
    const subscription = newestMessage$(db, DM).subscribe((doc) => values.push(doc));
    await vi.waitFor(() => expect(values.length).toBeGreaterThan(0));
    const reads = vi.spyOn(db.messages.storageInstance, 'query');
    const batches = [0, 1, 2].map((b) => Array.from({ length: 150 }, (_, i) => localMessage(DM, 'bob', { server_seq: 10 + b * 150 + i })));
    await Promise.all(batches.map((batch) => db.messages.bulkInsert(batch)));
    await vi.waitFor(() => expect(newestIds(values)).toBe(batches[2]?.at(-1)?.id));
    expect(reads.mock.calls.length).toBe(0);
    subscription.unsubscribe();
  });
});
