import type { RxDocument } from 'rxdb';
import { combineLatest, defer, map, type Observable } from 'rxjs';
import { MESSAGE_PAGE_SIZE } from '../../shared/limits';
import { PENDING_SERVER_SEQ, type MessageDoc } from '../../shared/schemas';
import { mergeArrivals, roomArrivals$ } from './arrivals';
import type { CleanchatDatabase } from './database';
import { toMessageDoc, type LocalMessageDoc } from './message-codec';

export const PAGE_SIZE = MESSAGE_PAGE_SIZE;

export interface MessageWindow {
  /** Oldest first: acknowledged ones by server_seq, then pending ones by created_at. */
  messages: MessageDoc[];
  hasOlder: boolean;
}

/**
 * The newest `limit` acknowledged messages of a room (by the server's order, over the
 * [room_id, server_seq] index) followed by every pending one. One extra row is read to know
 * whether older messages exist without counting them.
 */
export function roomMessages$(
  db: CleanchatDatabase,
  roomId: string,
  limit: number,
): Observable<MessageWindow> {
  const acked$ = db.messages.find({
    selector: { room_id: roomId, server_seq: { $gt: PENDING_SERVER_SEQ } },
    sort: [{ server_seq: 'desc' }],
    limit: limit + 1,
  }).$;
  const pending$ = db.messages.find({
    selector: { room_id: roomId, server_seq: PENDING_SERVER_SEQ },
    sort: [{ created_at: 'asc' }],
  }).$;
  return defer(() => {
    const decode = stableDecoder();
    return combineLatest([acked$, pending$, roomArrivals$(roomId)]).pipe(
      map(([acked, pending, fresh]) => {
        const ackedDocs = acked.slice(0, limit).map(decode);
        ackedDocs.reverse();
        const pendingDocs = pending.map(decode);
        decode.forgetUnused();
        const windowFull = acked.length > limit;
        return { messages: mergeArrivals(ackedDocs, pendingDocs, fresh, windowFull), hasOlder: windowFull };
      }),
    );
  });
}

/**
 * Decodes stored documents into the same MessageDoc object for as long as a document's
 * revision stays the same. Every new message makes the window emit again; with stable objects
 * the rows of the messages that did not change skip their render (MessageItem is memoised).
 */
function stableDecoder() {
  let cache = new Map<string, { rev: string; message: MessageDoc }>();
  let used = new Map<string, { rev: string; message: MessageDoc }>();
  const decode = (doc: RxDocument<LocalMessageDoc>): MessageDoc => {
    const hit = cache.get(doc.id);
    const entry = hit?.rev === doc.revision ? hit : { rev: doc.revision, message: toMessageDoc(doc.toJSON() as LocalMessageDoc) };
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
