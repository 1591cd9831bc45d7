import { map, type Observable } from 'rxjs';
import type { MangoQuerySelector } from 'rxdb';
import type { CleanchatDatabase } from './database';
import type { LocalMessageDoc } from './message-codec';

/**
 * Unread per SPEC §2: messages from others, not deleted, created after my last_read_at
 * (everything from others when I have never read the room). A count query over the
 * [room_id, created_at] index, so no message is loaded into memory.
 */
export function unreadSelector(
  roomId: string,
  me: string,
  lastReadAt: string | null,
): MangoQuerySelector<LocalMessageDoc> {
  const selector: MangoQuerySelector<LocalMessageDoc> = {
    room_id: roomId,
    sender_id: { $ne: me },
    is_deleted: false,
  };
  if (lastReadAt) selector.created_at = { $gt: lastReadAt };
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

/** The newest message in a room by the writer's clock, pending ones included. */
export function newestMessage$(db: CleanchatDatabase, roomId: string): Observable<LocalMessageDoc | null> {
  return db.messages
    .findOne({ selector: { room_id: roomId }, sort: [{ created_at: 'desc' }] })
    .$.pipe(map((doc) => (doc ? (doc.toJSON() as LocalMessageDoc) : null)));
}
