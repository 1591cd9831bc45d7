import type { MessageDoc } from '../shared';
import { forUpdate, inList, jsonObject, jsonRows, listParam, type JsonFieldKind, type Sql } from './sql';

type MessageRow = Omit<MessageDoc, 'deleted' | 'attachment' | 'location'> & {
  deleted: number;
  attachment: string | null;
  attachment_id: string | null;
  location: string | null;
};

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** Attachment and location are stored as JSON text (the same on both backends), the attachment's id beside it. */
const toDoc = ({ attachment_id: _id, ...row }: MessageRow): MessageDoc => ({
  ...row,
  deleted: row.deleted === 1,
  attachment: parseJson(row.attachment),
  location: parseJson(row.location),
});
/**
 * `toDoc`'s object as the database writes it (`jsonObject`): the same keys in the same order
 * (the table's, less `attachment_id`), so the JSON text equals `JSON.stringify(toDoc(row))`
 * byte for byte (read-path.test.ts checks it on both databases). A column added to messages is
 * added here too.
 */
const WIRE_FIELDS: Record<keyof MessageDoc, readonly [string, JsonFieldKind]> = {
  id: ['id', 'value'],
  room_id: ['room_id', 'value'],
  sender_id: ['sender_id', 'value'],
  content: ['content', 'value'],
  kind: ['kind', 'value'],
  created_at: ['created_at', 'value'],
  server_seq: ['server_seq', 'value'],
  edited_at: ['edited_at', 'value'],
  deleted: ['deleted', 'boolean'],
  received_at: ['received_at', 'value'],
  attachment: ['attachment', 'json'],
  location: ['location', 'json'],
  reply_to_id: ['reply_to_id', 'value'],
  album_id: ['album_id', 'value'],
};
const bodyColumns = (m: MessageDoc) => ({
  attachment: m.attachment && JSON.stringify(m.attachment),
  attachment_id: m.attachment?.id ?? null,
  location: m.location && JSON.stringify(m.location),
});
const toRow = (m: MessageDoc) => ({ ...m, deleted: m.deleted ? 1 : 0, ...bodyColumns(m) });

/**
 * The unread rule of src/shared/rules/unread.ts (isUnread) as SQL, counted for one reader of one
 * room: from others, not deleted, received after the reader's marker (all of it when `since` is
 * NULL; a pending `received_at` is NULL and never greater than ''). It is a range on the covering
 * index messages_unread (migration 5), so it reads the unread tail, not the room.
 */
export const unreadCountSql = (room: string, me: string, since: string) =>
  `(SELECT COUNT(*) FROM messages u WHERE u.room_id = ${room} AND u.received_at > COALESCE(${since}, '')
      AND u.sender_id != ${me} AND u.deleted = 0)`;

/**
 * `unreadCountSql` for the membership row being written (inside an UPDATE or INSERT on
 * memberships), with `since` as its read marker: what `unread_count` must be after the write.
 */
export const unreadRecountSql = (since: string) => unreadCountSql('memberships.room_id', 'memberships.user_id', since);

const COLUMNS = {
  id: 'text', room_id: 'text', sender_id: 'text', content: 'text', kind: 'text', created_at: 'text', server_seq: 'bigint',
  received_at: 'text', edited_at: 'text', deleted: 'integer', attachment_id: 'text', attachment: 'text', location: 'text',
  reply_to_id: 'text', album_id: 'text',
} as const;
const COLUMN_LIST = Object.keys(COLUMNS).join(', ');

export function createMessagesRepo(sql: Sql) {
  const insertMany = async (messages: readonly MessageDoc[]) => {
    if (messages.length === 0) return;
    await sql.run(
      `INSERT INTO messages (${COLUMN_LIST}) SELECT ${Object.keys(COLUMNS).map((c) => `v.${c}`).join(', ')} FROM ${jsonRows(sql, COLUMNS)}`,
      [JSON.stringify(messages.map(toRow))],
    );
  };
  return {
    insert: (m: MessageDoc) => insertMany([m]),
    /**
     * Adds messages just inserted to their senders' counters (migration 15), in one statement,
     * inside the inserting transaction; what the storage quota reads instead of counting.
     */
    countSent: async (messages: readonly Pick<MessageDoc, 'sender_id'>[]) => {
      const bySender = new Map<string, number>();
      for (const m of messages) bySender.set(m.sender_id, (bySender.get(m.sender_id) ?? 0) + 1);
      if (bySender.size === 0) return;
      await sql.run(
        `INSERT INTO message_counts (user_id, stored) SELECT v.u, v.n FROM ${jsonRows(sql, { u: 'text', n: 'bigint' })} WHERE true
         ON CONFLICT (user_id) DO UPDATE SET stored = message_counts.stored + excluded.stored`,
        [JSON.stringify([...bySender].map(([u, n]) => ({ u, n })))],
      );
    },
    /** How many messages the user has stored (deleted ones too): one row, whatever that number. */
    storedBy: async (userId: string) =>
      Number((await sql.get<{ n: number | string }>('SELECT stored AS n FROM message_counts WHERE user_id = ?', [userId]))?.n ?? 0),
    /**
     * The room of each stored message among `ids`, in one statement: what the audience rule
     * needs of a message, without reading (and decoding) the rest of its row.
     */
    roomsOf: (ids: readonly string[]) =>
      sql.all<{ id: string; room_id: string }>(`SELECT id, room_id FROM messages WHERE id ${inList(sql)}`, [listParam(sql, ids)]),
    /** Stores new messages in one statement. */
    insertMany,
    /** The stored messages among `ids`, in one statement. */
    byIds: async (ids: readonly string[]) =>
      (await sql.all<MessageRow>(`SELECT * FROM messages WHERE id ${inList(sql)}`, [listParam(sql, ids)])).map(toDoc),
    /**
     * The stored messages among `ids` as JSON text (`JSON.stringify` of what `byIds` gives), in
     * one statement: a pull page sends them without building an object per message.
     */
    jsonByIds: (ids: readonly string[]) =>
      sql.all<{ id: string; json: string }>(`SELECT id, ${jsonObject(sql, WIRE_FIELDS)} AS json FROM messages WHERE id ${inList(sql)}`, [
        listParam(sql, ids),
      ]),
    /** Inside a transaction: `byIds`, locked until it ends (as `byIdForUpdate`), in one statement. */
    byIdsForUpdate: async (ids: readonly string[]) =>
      (await sql.all<MessageRow>(forUpdate(sql, `SELECT * FROM messages WHERE id ${inList(sql)} ORDER BY id`), [listParam(sql, ids)])).map(
        toDoc,
      ),
    byId: async (id: string) => {
      const row = await sql.get<MessageRow>('SELECT * FROM messages WHERE id = ?', [id]);
      return row && toDoc(row);
    },
    /** Inside a transaction: the message, locked until it ends, for an edit or a delete (`forUpdate`). */
    byIdForUpdate: async (id: string) => {
      const row = await sql.get<MessageRow>(forUpdate(sql, 'SELECT * FROM messages WHERE id = ?'), [id]);
      return row && toDoc(row);
    },
    /** Writes what an edit or a delete changes (the payload, `edited_at`, `deleted`). */
    update: async (m: MessageDoc) =>
      void (await sql.run(
        `UPDATE messages SET content = @content, edited_at = @edited_at, deleted = @deleted,
           attachment_id = @attachment_id, attachment = @attachment, location = @location WHERE id = @id`,
        {
          id: m.id,
          content: m.content,
          edited_at: m.edited_at,
          deleted: m.deleted ? 1 : 0,
          ...bodyColumns(m),
        },
      )),
    /** The room and sender of the messages already in an album (at most `limit`), for the album rule. */
    albumMembers: (albumId: string, limit: number) =>
      sql.all<{ room_id: string; sender_id: string }>('SELECT room_id, sender_id FROM messages WHERE album_id = ? LIMIT ?', [
        albumId,
        limit,
      ]),
    /** Newest first, strictly older than `beforeSeq`. */
    page: async (roomId: string, beforeSeq: number, limit: number) =>
      (
        await sql.all<MessageRow>(
          'SELECT * FROM messages WHERE room_id = ? AND server_seq < ? ORDER BY server_seq DESC LIMIT ?',
          [roomId, beforeSeq, limit],
        )
      ).map(toDoc),
    unreadCount: async (roomId: string, userId: string, lastReadAt: string | null) =>
      (
        await sql.get<{ n: number }>(`SELECT ${unreadCountSql('@room', '@me', 'CAST(@since AS TEXT)')} AS n`, {
          room: roomId,
          me: userId,
          since: lastReadAt,
        })
      )?.n ?? 0,
    /** The server's clock at the room's newest message, the floor of a read marker. */
    newestReceivedAt: async (roomId: string) =>
      (
        await sql.get<{ received_at: string | null }>(
          // One step into messages_unread from the room's end, not a scan of the room.
          'SELECT received_at FROM messages WHERE room_id = ? AND received_at IS NOT NULL ORDER BY received_at DESC LIMIT 1',
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
