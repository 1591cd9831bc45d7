import { combineLatest, defer, map, type Observable } from 'rxjs';
import { MESSAGE_PAGE_SIZE } from '../../shared/limits';
import { PENDING_SERVER_SEQ, type MessageDoc } from '../../shared/schemas';
import { mergeArrivals, roomArrivals$ } from './arrivals';
import type { CleanchatDatabase } from './database';
import { toMessageDoc, type LocalMessageDoc } from './message-codec';
import { newestAcked$ } from './newest';
import { unreadSelector } from './unread';

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
  const pending$ = db.messages.find({
    selector: { room_id: roomId, server_seq: PENDING_SERVER_SEQ },
    sort: [{ created_at: 'asc' }],
  }).$;
  return defer(() => {
    const decode = stableDecoder();
    return combineLatest([acked$, pending$, roomArrivals$(roomId)]).pipe(
      map(([acked, pending, fresh]) => {
        const messages = mergeArrivals(acked.docs.map(decode), docsOf(pending, decode), fresh, acked.hasOlder);
        decode.forgetUnused();
        return { messages, hasOlder: acked.hasOlder, hasNewer: false, anchor: null, sentSince: false };
      }),
    );
  });
}

function docsOf(docs: readonly { toJSON(): unknown }[], decode: (doc: LocalMessageDoc) => MessageDoc): MessageDoc[] {
  return docs.map((doc) => decode(doc.toJSON() as LocalMessageDoc));
}

/**
 * Decodes stored documents into the same MessageDoc object for as long as a document stays the
 * same. Every new message makes a window emit again; with stable objects the rows of the
 * messages that did not change skip their render (MessageItem is memoised).
 */
function stableDecoder() {
  type Entry = { key: string; message: MessageDoc };
  let cache = new Map<string, Entry>();
  let used = new Map<string, Entry>();
  const decode = (doc: LocalMessageDoc): MessageDoc => {
    const key = JSON.stringify(doc);
    const hit = cache.get(doc.id);
    const entry = hit?.key === key ? hit : { key, message: toMessageDoc(doc) };
    used.set(doc.id, entry);
    return entry.message;
  };
  /** Keeps only what the last emission used, so the cache stays the size of the window. */
  decode.forgetUnused = () => {
    cache = used;
    used = new Map();
  };
  return decode;
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
  const pending$ = db.messages.find({
    selector: { room_id: roomId, server_seq: PENDING_SERVER_SEQ },
    sort: [{ created_at: 'asc' }],
  }).$;
  return defer(() => {
    const decode = stableDecoder();
    return combineLatest([older$, newer$, pending$, roomArrivals$(roomId)]).pipe(
      map(([older, newer, pending, fresh]) => {
        const { hasOlder } = older;
        const hasNewer = newer.length > anchor.after;
        const acked = [...older.docs.map(decode), ...docsOf(newer.slice(0, anchor.after), decode)];
        const pendingDocs = docsOf(pending, decode);
        decode.forgetUnused();
        return {
          messages: hasNewer ? acked : mergeArrivals(acked, pendingDocs, fresh, hasOlder),
          hasOlder,
          hasNewer,
          anchor,
          sentSince: pendingDocs.some((m) => m.created_at > anchor.since),
        };
      }),
    );
  });
}

/**
 * The first unread message of a room (the shared unread rule, as `unreadSelector`), oldest
 * first over the [room_id, server_seq] index: one query that reads one document in a room I
 * have never read. In a room read up to somewhere, it walks the read part of the index, because
 * no local index covers `received_at` (see docs/client.md).
 */
export async function firstUnreadId(
  db: CleanchatDatabase,
  roomId: string,
  me: string,
  lastReadAt: string | null,
): Promise<string | null> {
  const first = await db.messages
    .findOne({ selector: unreadSelector(roomId, me, lastReadAt), sort: [{ server_seq: 'asc' }] })
    .exec();
  return first?.id ?? null;
}
