import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localMessage } from '../test/fakes';
import { openDatabase, type CleanchatDatabase } from './database';
import { indexStats } from './message-index';
import { PAGE_SIZE, roomMessages$ } from './messages';
import { newestStart } from './newest';

/** RxDB in dev-mode over fake-indexeddb is slow on a busy machine; not about correctness here. */
const SLOW = { timeout: 60_000 };
const ROOM = 'job:big';
let counter = 0;
let db: CleanchatDatabase;
/** Records the store visited: documents handed to queries, index entries counted or walked. */
let records = 0;

beforeEach(async () => {
  counter += 1;
  // The Dexie storage the app uses (IndexedDB from fake-indexeddb), not the tests' memory one.
  db = await openDatabase({ userId: `index-t${counter}`, storage: getRxStorageDexie(), multiInstance: false });
  const instance = db.messages.storageInstance;
  const query = instance.query.bind(instance);
  const count = instance.count.bind(instance);
  vi.spyOn(instance, 'query').mockImplementation(async (prepared) => {
    const result = await query(prepared);
    records += result.documents.length;
    return result;
  });
  vi.spyOn(instance, 'count').mockImplementation(async (prepared) => {
    const result = await count(prepared);
    records += result.count;
    return result;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.remove();
});

/** A room of `n` messages at every other server_seq, another room's between. */
async function bigRoom(n: number): Promise<number[]> {
  const seqs = Array.from({ length: n }, (_, i) => 1 + 2 * i);
  await db.messages.bulkInsert([
    ...seqs.map((server_seq) => localMessage(ROOM, 'bob', { server_seq })),
    ...seqs.map((seq) => localMessage('job:other', 'bob', { server_seq: seq + 1 })),
  ]);
  records = 0;
  indexStats.keysRead = 0;
  return seqs;
}

describe('the newest page from the index, backwards (Dexie storage)', SLOW, () => {
  it('opens a big room reading about one page of records, the same page as the plain query', async () => {
    const seqs = await bigRoom(2000);
    const window = await firstValueFrom(roomMessages$(db, ROOM, PAGE_SIZE));
    const opened = records + indexStats.keysRead;
    // One page of keys (and one more: older ones exist), then one page of documents.
    expect(opened).toBeLessThanOrEqual(2 * PAGE_SIZE + 5);
    expect(window.hasOlder).toBe(true);

    const plain = await db.messages.find({ selector: { room_id: ROOM }, sort: [{ server_seq: 'asc' }] }).exec();
    expect(window.messages.map((m) => m.id)).toEqual(plain.slice(-PAGE_SIZE).map((d) => d.id));
    expect(window.messages.map((m) => m.server_seq)).toEqual(seqs.slice(-PAGE_SIZE));
  });

  it('finds where the newest n begin below a message, as the counts did', async () => {
    const seqs = await bigRoom(300);
    expect(await newestStart(db, ROOM, Infinity, 50)).toEqual({ from: seqs[250], hasOlder: true });
    expect(await newestStart(db, ROOM, seqs[100] ?? 0, 25)).toEqual({ from: seqs[75], hasOlder: true });
    expect(await newestStart(db, ROOM, seqs[10] ?? 0, 25)).toEqual({ from: 1, hasOlder: false });
    expect(await newestStart(db, ROOM, Infinity, 300)).toEqual({ from: 1, hasOlder: false });
    expect(await newestStart(db, 'job:empty', Infinity, 50)).toEqual({ from: 1, hasOlder: false });
    expect(indexStats.keysRead).toBeGreaterThan(0);
  });
});
