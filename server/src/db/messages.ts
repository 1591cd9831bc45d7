import type { MessageDoc } from '../shared';
import type { Sql } from './sql';

type MessageRow = Omit<MessageDoc, 'deleted'> & { deleted: number };

const toDoc = (row: MessageRow): MessageDoc => ({ ...row, deleted: row.deleted === 1 });
const toRow = (m: MessageDoc) => ({ ...m, deleted: m.deleted ? 1 : 0 });

export function createMessagesRepo(sql: Sql) {
  return {
    insert: async (m: MessageDoc) =>
      void (await sql.run(
        `INSERT INTO messages (id, room_id, sender_id, content, kind, created_at, server_seq, received_at, edited_at, deleted)
         VALUES (@id, @room_id, @sender_id, @content, @kind, @created_at, @server_seq, @received_at, @edited_at, @deleted)`,
        toRow(m),
      )),
    byId: async (id: string) => {
      const row = await sql.get<MessageRow>('SELECT * FROM messages WHERE id = ?', [id]);
      return row && toDoc(row);
    },
    update: async (m: MessageDoc) =>
      void (await sql.run(
        'UPDATE messages SET content = @content, edited_at = @edited_at, deleted = @deleted WHERE id = @id',
        {
          id: m.id,
          content: m.content,
          edited_at: m.edited_at,
          deleted: m.deleted ? 1 : 0,
        },
      )),
    /** Newest first, strictly older than `beforeSeq`. */
    page: async (roomId: string, beforeSeq: number, limit: number) =>
      (
        await sql.all<MessageRow>(
          'SELECT * FROM messages WHERE room_id = ? AND server_seq < ? ORDER BY server_seq DESC LIMIT ?',
          [roomId, beforeSeq, limit],
        )
      ).map(toDoc),
    // The unread rule of src/shared/rules/unread.ts (isUnread) as SQL.
    unreadCount: async (roomId: string, userId: string, lastReadAt: string | null) =>
      (
        await sql.get<{ n: number }>(
          `SELECT COUNT(*) AS n FROM messages
           WHERE room_id = @room AND sender_id != @me AND deleted = 0 AND received_at IS NOT NULL
             AND (CAST(@since AS TEXT) IS NULL OR received_at > @since)`,
          { room: roomId, me: userId, since: lastReadAt },
        )
      )?.n ?? 0,
    /** The server's clock at the room's newest message, the floor of a read marker. */
    newestReceivedAt: async (roomId: string) =>
      (
        await sql.get<{ received_at: string | null }>(
          'SELECT MAX(received_at) AS received_at FROM messages WHERE room_id = ?',
          [roomId],
        )
      )?.received_at ?? null,
    last: async (roomId: string) => {
      const row = await sql.get<MessageRow>(
        'SELECT * FROM messages WHERE room_id = ? ORDER BY server_seq DESC LIMIT 1',
        [roomId],
      );
      return row && toDoc(row);
    },
    idsInRoom: async (roomId: string) =>
      (
        await sql.all<{ id: string }>('SELECT id FROM messages WHERE room_id = ? ORDER BY server_seq', [
          roomId,
        ])
      ).map((r) => r.id),
    maxSeq: async () =>
      (await sql.get<{ n: number | null }>('SELECT MAX(server_seq) AS n FROM messages'))?.n ?? 0,
  };
}
