import type { MessageDoc } from '../shared';
import type { DB } from './database';

type MessageRow = Omit<MessageDoc, 'deleted'> & { deleted: number };

const toDoc = (row: MessageRow): MessageDoc => ({ ...row, deleted: row.deleted === 1 });

/**
 * The unread rule of src/shared/rules/unread.ts (isUnread) as SQL, counted for one reader of one
 * room: from others, not deleted, received after the reader's marker (all of it when `since` is
 * NULL; a pending `received_at` is NULL and never greater than ''). It is a range on the covering
 * index messages_unread (migration 5), so it reads the unread tail, not the room.
 */
export const unreadCountSql = (room: string, me: string, since: string) =>
  `(SELECT COUNT(*) FROM messages u WHERE u.room_id = ${room} AND u.received_at > COALESCE(${since}, '')
      AND u.sender_id != ${me} AND u.deleted = 0)`;

export function createMessagesRepo(db: DB) {
  const insert = db.prepare(
    `INSERT INTO messages (id, room_id, sender_id, content, kind, created_at, server_seq, received_at, edited_at, deleted)
     VALUES (@id, @room_id, @sender_id, @content, @kind, @created_at, @server_seq, @received_at, @edited_at, @deleted)`,
  );
  const byId = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?');
  const update = db.prepare(
    'UPDATE messages SET content = @content, edited_at = @edited_at, deleted = @deleted WHERE id = @id',
  );
  const page = db.prepare<[string, number, number], MessageRow>(
    'SELECT * FROM messages WHERE room_id = ? AND server_seq < ? ORDER BY server_seq DESC LIMIT ?',
  );
  const unread = db.prepare<{ room: string; me: string; since: string | null }, { n: number }>(
    `SELECT ${unreadCountSql('@room', '@me', '@since')} AS n`,
  );
  // One step into messages_unread from the room's end, not a scan of the room.
  const newest = db.prepare<[string], { received_at: string | null }>(
    'SELECT received_at FROM messages WHERE room_id = ? AND received_at IS NOT NULL ORDER BY received_at DESC LIMIT 1',
  );
  const last = db.prepare<[string], MessageRow>(
    'SELECT * FROM messages WHERE room_id = ? ORDER BY server_seq DESC LIMIT 1',
  );
  const idsInRoom = db.prepare<[string], { id: string }>('SELECT id FROM messages WHERE room_id = ? ORDER BY server_seq');
  const maxSeq = db.prepare<[], { n: number | null }>('SELECT MAX(server_seq) AS n FROM messages');
  return {
    insert: (m: MessageDoc) => void insert.run({ ...m, deleted: m.deleted ? 1 : 0 }),
    byId: (id: string) => {
      const row = byId.get(id);
      return row && toDoc(row);
    },
    update: (m: MessageDoc) => void update.run({ ...m, deleted: m.deleted ? 1 : 0 }),
    /** Newest first, strictly older than `beforeSeq`. */
    page: (roomId: string, beforeSeq: number, limit: number) => page.all(roomId, beforeSeq, limit).map(toDoc),
    unreadCount: (roomId: string, userId: string, lastReadAt: string | null) =>
      unread.get({ room: roomId, me: userId, since: lastReadAt })?.n ?? 0,
    /** The server's clock at the room's newest message, the floor of a read marker. */
    newestReceivedAt: (roomId: string) => newest.get(roomId)?.received_at ?? null,
    last: (roomId: string) => {
      const row = last.get(roomId);
      return row && toDoc(row);
    },
    idsInRoom: (roomId: string) => idsInRoom.all(roomId).map((r) => r.id),
    maxSeq: () => maxSeq.get()?.n ?? 0,
  };
}
