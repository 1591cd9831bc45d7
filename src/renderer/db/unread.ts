import { combineLatest, map, type Observable } from 'rxjs';
import type { MangoQuerySelector } from 'rxdb';
import { PENDING_SERVER_SEQ } from '../../shared/schemas';
import type { CleanchatDatabase } from './database';
import type { LocalMessageDoc } from './message-codec';

/**
 * The shared unread rule (`isUnread` in src/shared/rules/unread.ts) as a count query: messages
 * from others, not deleted, received by the server after my last_read_at. Others' messages are
 * always acknowledged, so the query ranges over the [room_id, server_seq] index and no message
 * is loaded into memory.
 */
export function unreadSelector(
  roomId: string,
  me: string,
  lastReadAt: string | null,
): MangoQuerySelector<LocalMessageDoc> {
  const selector: MangoQuerySelector<LocalMessageDoc> = {
    room_id: roomId,
    server_seq: { $gt: PENDING_SERVER_SEQ },
    sender_id: { $ne: me },
    is_deleted: false,
  };
  if (lastReadAt) selector.received_at = { $gt: lastReadAt };
  return selector;
}

export function unreadCount$(
  db: CleanchatDatabase,
  roomId: string,
  me: string,
  lastReadAt: string | null,
): Observable<number> {
  return db.messages.count({ selector: unreadSelector(roomId, me, lastReadAt) }).$;
}

export function unreadCount(
  db: CleanchatDatabase,
  roomId: string,
  me: string,
  lastReadAt: string | null,
): Promise<number> {
  return db.messages.count({ selector: unreadSelector(roomId, me, lastReadAt) }).exec();
}

function newestAckedQuery(db: CleanchatDatabase, roomId: string) {
  return db.messages.findOne({
    selector: { room_id: roomId, server_seq: { $gt: PENDING_SERVER_SEQ } },
    sort: [{ server_seq: 'desc' }],
  });
}

/**
 * The newest message in a room: my latest pending one when there is one (it is newer than
 * anything the server has), else the last in the server's order. No writer's clock decides.
 */
export function newestMessage$(db: CleanchatDatabase, roomId: string): Observable<LocalMessageDoc | null> {
  const pending$ = db.messages.findOne({
    selector: { room_id: roomId, server_seq: PENDING_SERVER_SEQ },
    sort: [{ created_at: 'desc' }],
  }).$;
  return combineLatest([pending$, newestAckedQuery(db, roomId).$]).pipe(
    map(([pending, acked]) => {
      const doc = pending ?? acked;
      return doc ? (doc.toJSON() as LocalMessageDoc) : null;
    }),
  );
}

/** The server's clock at the newest stored message of a room, or null when none is stored. */
export async function newestReceivedAt(db: CleanchatDatabase, roomId: string): Promise<string | null> {
  const doc = await newestAckedQuery(db, roomId).exec();
  return doc?.received_at ?? null;
}
