import { isUnread } from '../../shared/rules';
import { PENDING_SERVER_SEQ } from '../../shared/schemas';
import type { CleanchatDatabase } from './database';
import { indexStats, messageTable, ROOM_INDEX, type DexieTableLike } from './message-index';

/**
 * A room's unread messages from the `[_deleted+room_id+server_seq+id]` index, read forwards from
 * where the read part ends, each decided by the shared `isUnread` (docs/client.md, "Cold start:
 * unread from the read marker on").
 *
 * The unread selector's sender, deletion and time conditions are on no index, so RxDB answered
 * it by loading every document of the room, read or not, through a cursor (one IndexedDB
 * request per record). Here the walk starts at the room's read part's end, found by a binary
 * search over `server_seq` (one document per probe), and reads documents in pages (one
 * request per page).
 *
 * The search assumes that a room's `server_seq` order follows the server's `received_at`, up to
 * `CLOCK_SLACK_MS`: the server takes `received_at` when a write's transaction starts and the
 * positions later in it, from one counter (SQLite) or one sequence shared by the instances
 * (PostgreSQL), so two concurrent writes can take them in opposite orders, by as much as a
 * transaction lasts or the instances' clocks differ (server/src/domain/push.ts,
 * server/src/domain/messages.ts, server/src/db/store.ts). A message received at least the
 * slack before the marker therefore proves every older one read.
 */

/** How far a room's `received_at` may run backwards along its `server_seq` (see above). */
export const CLOCK_SLACK_MS = 60_000;

/** The fields read from a stored message (the Dexie storage's own document). */
interface StoredMessage {
  id: string;
  server_seq: number;
  sender_id: string;
  is_deleted: boolean;
  received_at: string | null;
}

/**
 * A room opening holds the counts' walks between their pages until its divider is placed, at
 * most this long: a never-read room's count reads every message past the marker, a page of
 * 1,000 at a time, and each page delayed the few requests that open the room at its divider.
 */
export const HOLD_MS = 2_000;

const FIRST_ACKED = PENDING_SERVER_SEQ + 1;

let holds = 0;
let waiting: (() => void)[] = [];

/** Holds the unread counts' walks (between pages) until the returned release, or `HOLD_MS`. */
export function holdUnreadCounts(): () => void {
  holds += 1;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    holds -= 1;
    if (holds > 0) return;
    const resume = waiting;
    waiting = [];
    for (const go of resume) go();
  };
  const timer = setTimeout(release, HOLD_MS);
  return release;
}

/** Resolves at once when nothing holds the counts, else when the last hold is released. */
function countsMayGo(): Promise<void> | null {
  return holds === 0 ? null : new Promise((resolve) => waiting.push(resolve));
}
/** The pages of the count's walk, and the largest of the divider's (which start at 8). */
const COUNT_PAGE = 1000;
const FIRST_PAGE = 8;

function unread(doc: StoredMessage, me: string, lastReadAt: string | null): boolean {
  if (!(doc.server_seq > PENDING_SERVER_SEQ)) return false;
  return isUnread({ sender_id: doc.sender_id, deleted: doc.is_deleted, received_at: doc.received_at }, me, lastReadAt);
}

/** Up to `n` of the room's stored messages from index key `from` on (`inclusive` of it). */
async function page(table: DexieTableLike, roomId: string, from: unknown[], inclusive: boolean, n: number): Promise<StoredMessage[]> {
  const docs = (await table
    .where(ROOM_INDEX.name)
    .between(from, [ROOM_INDEX.notDeleted, roomId, Infinity], inclusive, false)
    .limit(n)
    .toArray()) as StoredMessage[];
  indexStats.docsRead += docs.length;
  return docs;
}

/** The index key just past a stored message (the next page starts after it). */
const keyOf = (roomId: string, doc: StoredMessage): unknown[] => [ROOM_INDEX.notDeleted, roomId, doc.server_seq, doc.id];

/**
 * A server_seq from which on the walk finds every unread message: everything before it is read
 * (received at least the slack before the marker). The room's first acknowledged one when I
 * have never read it.
 */
export async function walkStart(table: DexieTableLike, roomId: string, lastReadAt: string | null): Promise<number> {
  if (lastReadAt === null) return FIRST_ACKED;
  const marker = Date.parse(lastReadAt);
  if (Number.isNaN(marker)) return FIRST_ACKED;
  const bound = new Date(marker - CLOCK_SLACK_MS).toISOString();
  const readForSure = (doc: StoredMessage) => doc.received_at !== null && doc.received_at <= bound;
  const at = async (seq: number) => (await page(table, roomId, [ROOM_INDEX.notDeleted, roomId, seq], true, 1))[0];

  const first = await at(FIRST_ACKED);
  if (!first || !readForSure(first)) return FIRST_ACKED;
  const last = await table
    .where(ROOM_INDEX.name)
    .between([ROOM_INDEX.notDeleted, roomId, FIRST_ACKED], [ROOM_INDEX.notDeleted, roomId, Infinity], true, false)
    .reverse()
    .limit(1)
    .keys();
  indexStats.keysRead += last.length;
  const lastKey = last[0];
  const lastSeq = Array.isArray(lastKey) && typeof lastKey[2] === 'number' ? lastKey[2] : first.server_seq;
  // Invariant: the message at `lo` is read for sure; none at or above `hi` has been probed as such.
  let lo = first.server_seq;
  let hi = lastSeq + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const doc = await at(mid);
    if (doc && doc.server_seq < hi && readForSure(doc)) lo = doc.server_seq;
    else hi = mid;
  }
  return lo;
}

/**
 * The first unread message of a room by the shared rule, oldest first by server_seq: the walk
 * from `walkStart`, in pages of 8 doubling to 1,000, stopping at the first unread one. Null
 * when none is; undefined when the index cannot be walked here (the caller queries instead).
 */
export async function firstUnreadByWalk(
  db: CleanchatDatabase,
  roomId: string,
  me: string,
  lastReadAt: string | null,
): Promise<string | null | undefined> {
  const table = await messageTable(db);
  if (!table) return undefined;
  try {
    let from: unknown[] = [ROOM_INDEX.notDeleted, roomId, await walkStart(table, roomId, lastReadAt)];
    let inclusive = true;
    for (let n = FIRST_PAGE; ; n = Math.min(2 * n, COUNT_PAGE)) {
      const docs = await page(table, roomId, from, inclusive, n);
      const hit = docs.find((doc) => unread(doc, me, lastReadAt));
      if (hit) return hit.id;
      const tail = docs.at(-1);
      if (!tail || docs.length < n) return null;
      from = keyOf(roomId, tail);
      inclusive = false;
    }
  } catch {
    return undefined;
  }
}

/**
 * The ids of a room's unread messages by the shared rule: the walk from `walkStart` to the
 * room's end, in pages of 1,000, each waiting while a room opening holds the counts
 * (`holdUnreadCounts`). Exact: every document past the read part is read, because the
 * index holds neither sender nor deletion. Null when the index cannot be walked here.
 */
export async function unreadIdsByWalk(
  db: CleanchatDatabase,
  roomId: string,
  me: string,
  lastReadAt: string | null,
): Promise<string[] | null> {
  const table = await messageTable(db);
  if (!table) return null;
  try {
    const ids: string[] = [];
    let from: unknown[] = [ROOM_INDEX.notDeleted, roomId, await walkStart(table, roomId, lastReadAt)];
    let inclusive = true;
    for (;;) {
      const held = countsMayGo();
      if (held) await held;
      const docs = await page(table, roomId, from, inclusive, COUNT_PAGE);
      for (const doc of docs) if (unread(doc, me, lastReadAt)) ids.push(doc.id);
      const tail = docs.at(-1);
      if (!tail || docs.length < COUNT_PAGE) return ids;
      from = keyOf(roomId, tail);
      inclusive = false;
    }
  } catch {
    return null;
  }
}
