import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localMessage } from '../test/fakes';
import { openDatabase, type CleanchatDatabase } from './database';
import type { LocalMessageDoc } from './message-codec';
import { indexStats } from './message-index';
import { firstUnreadId } from './messages';
import { unreadCount$, unreadSelector } from './unread';
import { CLOCK_SLACK_MS, holdUnreadCounts } from './unread-walk';

/** RxDB in dev-mode over fake-indexeddb is slow on a busy machine; not about correctness here. */
const SLOW = { timeout: 60_000 };
const ROOM = 'job:big';
const ME = 'alice';
/** Messages 10 s apart on the server's clock: the slack covers 6 of them. */
const STEP_MS = 10_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const receivedAt = (i: number) => new Date(T0 + i * STEP_MS).toISOString();

let counter = 0;
let db: CleanchatDatabase;
/** Records IndexedDB cursors stepped over (the storage's queries read a record per step). */
let cursorSteps = 0;

beforeEach(async () => {
  counter += 1;
  // The Dexie storage the app uses (IndexedDB from fake-indexeddb), not the tests' memory one.
  db = await openDatabase({ userId: `walk-t${counter}`, storage: getRxStorageDexie(), multiInstance: false });
  // fake-indexeddb's cursor (test/setup.ts installs it as the global IndexedDB).
  const cursor = (globalThis as unknown as { IDBCursor: { prototype: { continue(key?: unknown): void } } }).IDBCursor.prototype;
  const step = cursor.continue;
  vi.spyOn(cursor, 'continue').mockImplementation(function (this: unknown, key?: unknown) {
    cursorSteps += 1;
    return key === undefined ? step.call(this) : step.call(this, key);
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.remove();
});

/** Everything the lookups read: records under cursors, documents and index keys the walks read. */
const work = () => cursorSteps + indexStats.docsRead + indexStats.keysRead;

/**
 * A room of `n` messages from bob at every other server_seq, received 10 s apart, another room's
 * between; `shape` may make one mine, deleted or received out of order.
 */
async function bigRoom(n: number, shape: (i: number, doc: LocalMessageDoc) => LocalMessageDoc = (_i, d) => d): Promise<LocalMessageDoc[]> {
  const docs = Array.from({ length: n }, (_, i) =>
    shape(i, localMessage(ROOM, 'bob', { server_seq: 1 + 2 * i, received_at: receivedAt(i) })),
  );
  await db.messages.bulkInsert([
    ...docs,
    ...docs.map((d, i) => localMessage('job:other', 'bob', { server_seq: d.server_seq + 1, received_at: receivedAt(i) })),
  ]);
  cursorSteps = 0;
  indexStats.docsRead = 0;
  indexStats.keysRead = 0;
  return docs;
}

/** The plain query's answers (the shared rule as a selector, over the whole room). */
async function byQuery(lastReadAt: string | null): Promise<{ ids: string[] }> {
  const docs = await db.messages.find({ selector: unreadSelector(ROOM, ME, lastReadAt), sort: [{ server_seq: 'asc' }] }).exec();
  return { ids: docs.map((d) => d.id) };
}

describe('unread from the read marker on, by the index (Dexie storage)', SLOW, () => {
  it('finds the first unread message of a room read up to near its end reading a few pages, not the read part', async () => {
    const docs = await bigRoom(1200);
    const marker = receivedAt(1099);
    const id = await firstUnreadId(db, ROOM, ME, marker);
    const spent = work();
    expect(id).toBe(docs[1100]?.id);
    // A binary search (one document a probe) and the slack's few messages; the query read 1,100.
    expect(spent).toBeLessThanOrEqual(40);
    expect((await byQuery(marker)).ids[0]).toBe(id);
  });

  it('counts a room read up to near its end exactly, reading the unread part and a few more', async () => {
    await bigRoom(1200, (i, d) => (i === 1150 ? { ...d, sender_id: ME } : i === 1160 ? { ...d, is_deleted: true } : d));
    const marker = receivedAt(1099);
    const count = await firstValueFrom(unreadCount$(db, ROOM, ME, marker));
    const spent = work();
    expect(count).toBe((await byQuery(marker)).ids.length);
    expect(count).toBe(98);
    // 100 past the marker, the slack's 6, the search; the storage's query read all 1,200.
    expect(spent).toBeLessThanOrEqual(150);
  });

  it('in a room never read, skips my own and deleted messages to the first unread one', async () => {
    const docs = await bigRoom(500, (i, d) => (i < 3 ? { ...d, sender_id: ME } : i < 5 ? { ...d, is_deleted: true } : d));
    const id = await firstUnreadId(db, ROOM, ME, null);
    expect(id).toBe(docs[5]?.id);
    expect(work()).toBeLessThanOrEqual(8);
    const count = await firstValueFrom(unreadCount$(db, ROOM, ME, null));
    expect(count).toBe(495);
  });

  it('finds a message received after the marker but ordered before a read one, within the slack', async () => {
    // Two writes that took their clock and their position in opposite orders.
    const late = 700;
    const docs = await bigRoom(1200, (i, d) => (i === late ? { ...d, received_at: receivedAt(702) } : d));
    const marker = receivedAt(701);
    expect(CLOCK_SLACK_MS).toBeGreaterThanOrEqual(STEP_MS);
    expect(await firstUnreadId(db, ROOM, ME, marker)).toBe(docs[late]?.id);
    const count = await firstValueFrom(unreadCount$(db, ROOM, ME, marker));
    expect(count).toBe((await byQuery(marker)).ids.length);
    expect(count).toBe(499);
  });

  it('gives the query\'s answers at every kind of marker', async () => {
    await bigRoom(300, (i, d) => (i % 7 === 0 ? { ...d, sender_id: ME } : i % 11 === 0 ? { ...d, is_deleted: true } : d));
    const markers = [null, receivedAt(-1), receivedAt(0), receivedAt(150), receivedAt(298), receivedAt(299), receivedAt(10_000), 'not a time'];
    for (const marker of markers) {
      const expected = await byQuery(marker);
      expect(await firstUnreadId(db, ROOM, ME, marker)).toBe(expected.ids[0] ?? null);
      expect(await firstValueFrom(unreadCount$(db, ROOM, ME, marker))).toBe(expected.ids.length);
    }
    expect(await firstUnreadId(db, 'job:empty', ME, null)).toBeNull();
    expect(await firstValueFrom(unreadCount$(db, 'job:empty', ME, null))).toBe(0);
  });

  it('waits while a room opening holds the counts, and counts once it is released', async () => {
    await bigRoom(300);
    const release = holdUnreadCounts();
    const counted = firstValueFrom(unreadCount$(db, ROOM, ME, null));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(indexStats.docsRead).toBe(0);
    // The opening room's own lookups go on meanwhile.
    expect(await firstUnreadId(db, ROOM, ME, null)).not.toBeNull();
    release();
    expect(await counted).toBe(300);
  });
});
