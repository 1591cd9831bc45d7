import { combineLatest, map, type Observable } from 'rxjs';
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
  return combineLatest([acked$, pending$, roomArrivals$(roomId)]).pipe(
    map(([acked, pending, fresh]) => {
      const ackedDocs = acked.slice(0, limit).map((doc) => toMessageDoc(doc.toJSON() as LocalMessageDoc));
      ackedDocs.reverse();
      const pendingDocs = pending.map((doc) => toMessageDoc(doc.toJSON() as LocalMessageDoc));
      const windowFull = acked.length > limit;
      return { messages: mergeArrivals(ackedDocs, pendingDocs, fresh, windowFull), hasOlder: windowFull };
    }),
  );
}
