import { defer, map, Observable, switchMap, type Subscription } from 'rxjs';
import { PENDING_SERVER_SEQ } from '../../shared/schemas';
import type { CleanchatDatabase } from './database';
import type { LocalMessageDoc } from './message-codec';
import { newestSeqs } from './message-index';

/**
 * RxDB's IndexedDB storage walks an index forwards only: a query sorted `desc` reads every row
 * of its range and sorts them in memory, so "the newest 50 of a room" by `server_seq desc` read
 * the whole room (seconds for 50,000 messages). Counting a range of the [room_id, server_seq]
 * index is answered by the index alone, so a few counts find where the newest `n` begin, and an
 * ascending query from there reads only them. Where the storage allows it (IndexedDB through
 * Dexie), a backwards walk of the index's keys finds that beginning instead (message-index.ts).
 */

/** How many acknowledged messages of the room have from ≤ server_seq < below. */
function countRange(db: CleanchatDatabase, roomId: string, from: number, below: number): Promise<number> {
  const range: { $gte: number; $lt?: number } = { $gte: from };
  if (Number.isFinite(below)) range.$lt = below;
  return db.messages.count({ selector: { room_id: roomId, server_seq: range } }).exec();
}

/**
 * The lowest server_seq of the newest `n` acknowledged messages below `below` (Infinity: the
 * room's end), and whether older ones exist. Counts only: a few dozen index counts at most.
 */
export async function newestStart(
  db: CleanchatDatabase,
  roomId: string,
  below: number,
  n: number,
): Promise<{ from: number; hasOlder: boolean }> {
  const first = PENDING_SERVER_SEQ + 1;
  const seqs = await newestSeqs(db, roomId, first, below, n);
  if (seqs) {
    const nth = seqs[n - 1];
    if (seqs.length <= n || nth === undefined) return { from: first, hasOlder: false };
    return { from: nth, hasOlder: true };
  }
  if ((await countRange(db, roomId, first, below)) <= n) return { from: first, hasOlder: false };
  // The end of the room has no bound yet: double one until nothing lies at or above it.
  let hi = below;
  if (!Number.isFinite(hi)) {
    hi = 1024;
    while ((await countRange(db, roomId, hi, Infinity)) > 0) hi *= 2;
  }
  // Down from the top in growing steps, then halving: the largest `from` with n messages above.
  let lo = first;
  for (let step = 1; hi - step > lo; step *= 2) {
    if ((await countRange(db, roomId, hi - step, below)) >= n) {
      lo = hi - step;
      break;
    }
    hi -= step;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await countRange(db, roomId, mid, below)) >= n) lo = mid;
    else hi = mid;
  }
  return { from: lo, hasOlder: true };
}

/**
 * The newest `n` acknowledged messages below `below`, oldest first, live. Where they begin is
 * worked out once; what arrives after that joins at the end and the oldest leave the window,
 * and once the query holds `slack` more than needed (a first sync pouring in), it starts over
 * from a new beginning so that it never holds the room.
 */
export function newestAcked$(
  db: CleanchatDatabase,
  roomId: string,
  below: number,
  n: number,
  slack = Math.max(n, 100),
): Observable<{ docs: LocalMessageDoc[]; hasOlder: boolean }> {
  return new Observable((subscriber) => {
    let inner: Subscription | null = null;
    const start = () => {
      inner?.unsubscribe();
      inner = defer(() => newestStart(db, roomId, below, n))
        .pipe(
          switchMap(({ from, hasOlder }) => {
            const range: { $gte: number; $lt?: number } = { $gte: from };
            if (Number.isFinite(below)) range.$lt = below;
            const found$ = db.messages.find({ selector: { room_id: roomId, server_seq: range }, sort: [{ server_seq: 'asc' }] }).$;
            return found$.pipe(map((found) => ({ found, hasOlder })));
          }),
        )
        .subscribe({
          next: ({ found, hasOlder }) => {
            const docs = found.slice(-n).map((doc) => doc.toJSON() as LocalMessageDoc);
            subscriber.next({ docs, hasOlder: hasOlder || found.length > n });
            if (found.length > n + slack) start();
          },
          error: (err: unknown) => subscriber.error(err),
        });
    };
    start();
    return () => inner?.unsubscribe();
  });
}
