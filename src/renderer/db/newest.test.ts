import { filter, firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localMessage, openTestDb } from '../test/fakes';
import type { CleanchatDatabase } from './database';
import { anchoredMessages$, roomMessages$ } from './messages';
import { newestAcked$, newestStart } from './newest';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
const ROOM = 'job:1';

let db: CleanchatDatabase;
/** Documents the store handed back to queries. */
let read = 0;

beforeEach(async () => {
  db = await openTestDb('alice');
  const query = db.messages.storageInstance.query.bind(db.messages.storageInstance);
  vi.spyOn(db.messages.storageInstance, 'query').mockImplementation(async (prepared) => {
    const result = await query(prepared);
    read += result.documents.length;
    return result;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.remove();
});

/** 600 messages in this room at every third server_seq from 5,000 on, others' rooms between. */
async function interleaved(): Promise<number[]> {
  const seqs = Array.from({ length: 600 }, (_, i) => 5000 + 3 * i);
  await db.messages.bulkInsert([
    ...seqs.map((server_seq) => localMessage(ROOM, 'bob', { server_seq })),
    ...seqs.map((seq) => localMessage('job:other', 'bob', { server_seq: seq + 1 })),
  ]);
  read = 0;
  return seqs;
}

describe('the newest messages, read forwards', SLOW, () => {
  it('finds where the newest n begin, below the end or below a message', async () => {
    const seqs = await interleaved();
    expect(await newestStart(db, ROOM, Infinity, 50)).toEqual({ from: seqs[550], hasOlder: true });
    expect(await newestStart(db, ROOM, seqs[100] ?? 0, 25)).toEqual({ from: seqs[75], hasOlder: true });
    expect(await newestStart(db, ROOM, seqs[10] ?? 0, 25)).toEqual({ from: 1, hasOlder: false });
    expect(await newestStart(db, ROOM, Infinity, 600)).toEqual({ from: 1, hasOlder: false });
  });

  it('opens a room reading its newest page, not its history', async () => {
    const seqs = await interleaved();
    const window = await firstValueFrom(roomMessages$(db, ROOM, 50));
    expect(window.messages.map((m) => m.server_seq)).toEqual(seqs.slice(-50));
    expect(window.hasOlder).toBe(true);
    expect(read).toBeLessThanOrEqual(50);
  });

  it('reads only the page above a message it opens at', async () => {
    const seqs = await interleaved();
    const at = seqs[300] ?? 0;
    const window = await firstValueFrom(anchoredMessages$(db, ROOM, { seq: at, before: 25, after: 50, since: new Date().toISOString() }));
    expect(window.messages.map((m) => m.server_seq)).toEqual(seqs.slice(275, 350));
    expect(window.hasOlder).toBe(true);
    expect(window.hasNewer).toBe(true);
    expect(read).toBeLessThanOrEqual(25 + 51);
  });

  it('follows arrivals at the end, still n messages after more than its slack came in', async () => {
    const seqs = await interleaved();
    const live = newestAcked$(db, ROOM, Infinity, 1, 10);
    const sizes: number[] = [];
    const subscription = live.subscribe((w) => sizes.push(w.docs.length));
    try {
      expect((await firstValueFrom(live)).docs.map((d) => d.server_seq)).toEqual(seqs.slice(-1));
      const next = 10_000;
      await db.messages.bulkInsert(Array.from({ length: 30 }, (_, i) => localMessage(ROOM, 'bob', { server_seq: next + i })));
      const last = await firstValueFrom(live.pipe(filter((w) => w.docs[0]?.server_seq === next + 29)));
      expect(last.docs).toHaveLength(1);
      expect(sizes.every((size) => size === 1)).toBe(true);
    } finally {
      subscription.unsubscribe();
    }
  });
});
