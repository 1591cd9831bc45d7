import { combineLatest, defer, distinctUntilChanged, map, type Observable } from 'rxjs';
import { MESSAGE_PAGE_SIZE } from '../../shared/limits';
import { PENDING_SERVER_SEQ, type MessageDoc } from '../../shared/schemas';
import { mergeArrivals, roomArrivals$ } from './arrivals';
import type { CleanchatDatabase } from './database';
import { toMessageDoc, type LocalMessageDoc } from './message-codec';
import { newestAcked$ } from './newest';
import { unreadSelector } from './unread';
import { firstUnreadByWalk } from './unread-walk';

export const PAGE_SIZE = MESSAGE_PAGE_SIZE;

export interface MessageWindow {
  /** Oldest first: acknowledged ones by server_seq, then pending ones by created_at. */
  messages: MessageDoc[];
  hasOlder: boolean;
  /** The window ends before the room's newest message (it was opened around an older one). */
  hasNewer: boolean;
  /** The anchor this window was read for (null: the room's newest messages). */
  anchor: WindowAnchor | null;
  /** A message of mine has been written since the window was anchored. */
  sentSince: boolean;
}

/**
 * A window around one message instead of at the room's end: `before` messages older than the
 * one at `seq`, and `after` from it on, both over the [room_id, server_seq] index. `since` is
 * when it was anchored: a message I write after that brings the room back to its end.
 */
export interface WindowAnchor {
  seq: number;
  before: number;
  after: number;
  since: string;
}

/**
 * The newest `limit` acknowledged messages of a room (by the server's order, over the
 * [room_id, server_seq] index, read forwards: see newest.ts) followed by every pending one.
 */
export function roomMessages$(
  db: CleanchatDatabase,
  roomId: string,
  limit: number,
): Observable<MessageWindow> {
  const acked$ = newestAcked$(db, roomId, Infinity, limit);
  const pending$ = pendingMessages$(db, roomId);
  return defer(() => {
    const keep = keepEqual();
    return combineLatest([acked$, pending$, roomArrivals$(roomId)]).pipe(
      map(([acked, pending, fresh]) => {
        const messages = keep(mergeArrivals(acked.docs.map(toMessageDoc), docsOf(pending), fresh, acked.hasOlder));
        return { messages, hasOlder: acked.hasOlder, hasNewer: false, anchor: null, sentSince: false };
      }),
      distinctUntilChanged(sameWindow),
    );
  });
}

/** My messages of the room not yet acknowledged, in the order I wrote them. */
function pendingMessages$(db: CleanchatDatabase, roomId: string) {
  return db.messages.find({ selector: { room_id: roomId, server_seq: PENDING_SERVER_SEQ }, sort: [{ created_at: 'asc' }] }).$;
}

function docsOf(docs: readonly { toJSON(): unknown }[]): MessageDoc[] {
  return docs.map((doc) => toMessageDoc(doc.toJSON() as LocalMessageDoc));
}

/** Field by field; attachment and location are small plain objects. */
function sameMessage(a: MessageDoc, b: MessageDoc): boolean {
  for (const key of Object.keys(a) as (keyof MessageDoc)[]) {
    const x = a[key] ?? null;
    const y = b[key] ?? null;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return Object.keys(b).every((key) => key in a || b[key as keyof MessageDoc] == null);
}

/**
 * Hands out the previous emission's object for a message that did not change, whatever
 * produced the new one (each emission decodes its documents afresh): the stored copy that replaces a streamed arrival is equal to it, and
 * so is a revision of the document that only RxDB's metadata tells apart. An unchanged row
 * then skips its render, and an unchanged window is not emitted at all (sameWindow).
 */
function keepEqual() {
  let previous = new Map<string, MessageDoc>();
  // A new object found equal to a kept one: no field comparison the next time it comes.
  const aliases = new WeakMap<MessageDoc, MessageDoc>();
  return (messages: MessageDoc[]): MessageDoc[] => {
    const next = new Map<string, MessageDoc>();
    const kept = messages.map((m) => {
      const before = previous.get(m.id);
      let chosen = m;
      if (before && before !== m) {
        if (aliases.get(m) === before) chosen = before;
        else if (sameMessage(before, m)) {
          aliases.set(m, before);
          chosen = before;
        }
      }
      next.set(chosen.id, chosen);
      return chosen;
    });
    previous = next;
    return kept;
  };
}

/** Nothing the room view shows changed: the same message objects, in the same order. */
function sameWindow(a: MessageWindow, b: MessageWindow): boolean {
  return (
    a.hasOlder === b.hasOlder &&
    a.hasNewer === b.hasNewer &&
    a.anchor === b.anchor &&
    a.sentSince === b.sentSince &&
    a.messages.length === b.messages.length &&
    a.messages.every((m, i) => m === b.messages[i])
  );
}

/**
 * A room's messages around `anchor` (see WindowAnchor). Pending messages and streamed arrivals
 * follow only once the window reaches the room's end; before that they lie past a gap.
 */
export function anchoredMessages$(
  db: CleanchatDatabase,
  roomId: string,
  anchor: WindowAnchor,
): Observable<MessageWindow> {
  const older$ = newestAcked$(db, roomId, anchor.seq, anchor.before);
  const newer$ = db.messages.find({
    selector: { room_id: roomId, server_seq: { $gte: anchor.seq } },
    sort: [{ server_seq: 'asc' }],
    limit: anchor.after + 1,
  }).$;
  const pending$ = pendingMessages$(db, roomId);
  return defer(() => {
    const keep = keepEqual();
    return combineLatest([older$, newer$, pending$, roomArrivals$(roomId)]).pipe(
      map(([older, newer, pending, fresh]) => {
        const { hasOlder } = older;
        const hasNewer = newer.length > anchor.after;
        const acked = [...older.docs.map(toMessageDoc), ...docsOf(newer.slice(0, anchor.after))];
        const pendingDocs = docsOf(pending);
        return {
          messages: keep(hasNewer ? acked : mergeArrivals(acked, pendingDocs, fresh, hasOlder)),
          hasOlder,
          hasNewer,
          anchor,
          sentSince: pendingDocs.some((m) => m.created_at > anchor.since),
        };
      }),
      distinctUntilChanged(sameWindow),
    );
  });
}

/**
 * The first unread message of a room by the shared unread rule, oldest first by server_seq: a
 * walk of the room's index from where its read part ends, a few documents at a time
 * (`firstUnreadByWalk`). Where the index cannot be walked (the tests' memory storage), one query
 * (`unreadSelector`, ascending), which in a room read up to somewhere reads the read part too.
 */
export async function firstUnreadId(
  db: CleanchatDatabase,
  roomId: string,
  me: string,
  lastReadAt: string | null,
): Promise<string | null> {
  const walked = await firstUnreadByWalk(db, roomId, me, lastReadAt);
  if (walked !== undefined) return walked;
  const first = await db.messages
    .findOne({ selector: unreadSelector(roomId, me, lastReadAt), sort: [{ server_seq: 'asc' }] })
    .exec();
  return first?.id ?? null;
}
