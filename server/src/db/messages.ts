import type { MessageDoc } from '../shared';
import type { DB } from './database';

type MessageRow = Omit<MessageDoc, 'deleted'> & { deleted: number };

const toDoc = (row: MessageRow): MessageDoc => ({ ...row, deleted: row.deleted === 1 });

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
  // The unread rule of src/shared/rules/unread.ts (isUnread) as SQL.
  const unread = db.prepare<{ room: string; me: string; since: string | null }, { n: number }>(
    `SELECT COUNT(*) AS n FROM messages
     WHERE room_id = @room AND sender_id != @me AND deleted = 0 AND received_at IS NOT NULL
       AND (@since IS NULL OR received_at > @since)`,
  );
  const newest = db.prepare<[string], { received_at: string | null }>(
    'SELECT MAX(received_at) AS received_at FROM messages WHERE room_id = ?',
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
