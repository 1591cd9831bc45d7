import type { MessageDoc, RoomDoc, RoomWithUnread } from '../shared';
import { forUpdate, inList, jsonArray, jsonObject, listParam, type Sql } from './sql';
import { publicUserJson } from './users';

type RoomRow = Omit<RoomDoc, 'participant_ids'> & { participant_ids: string };

const toDoc = (row: RoomRow | undefined): RoomDoc | undefined =>
  row && { ...row, participant_ids: (JSON.parse(row.participant_ids) as string[]).sort() };

export function createRoomsRepo(sql: Sql) {
  /**
   * `participant_ids` is not stored: it is read from the active memberships with the room, so it
   * can never drift from who may actually see the room (docs/server.md).
   */
  const participants =
    sql.dialect === 'postgres'
      ? `(SELECT COALESCE(json_agg(user_id), '[]'::json)::text FROM memberships WHERE room_id = r.id AND active = 1) AS participant_ids`
      : `(SELECT json_group_array(user_id) FROM memberships WHERE room_id = r.id AND active = 1) AS participant_ids`;
  const strip = ({ participant_ids: _ignored, ...room }: RoomDoc) => room;
  /**
   * A room-list row as JSON text built by the database: `RoomWithUnread` (the room's columns in
   * table order, `participant_ids` sorted, `unread_count`) and, for the DM list, `participants`
   * (`DmRoomListItem`), byte for byte what `JSON.stringify` writes for the objects
   * `listForUser` (and `users.byIds`) give (read-path.test.ts checks it on both databases).
   */
  const listRowJson = (withParticipants: boolean) => {
    const active = 'memberships p WHERE p.room_id = r.id AND p.active = 1';
    const people = 'memberships p JOIN users u ON u.id = p.user_id WHERE p.room_id = r.id AND p.active = 1';
    const columns = ['id', 'room_type', 'name', 'job_id', 'created_by', 'created_at', 'updated_at', 'last_message_content',
      'last_message_time', 'last_message_sender_id', 'status', 'posting'] as const;
    return jsonObject(sql, {
      ...Object.fromEntries(columns.map((c) => [c, [`r.${c}`, 'value'] as const])),
      participant_ids: [jsonArray(sql, 'p.user_id', 'value', active, 'p.user_id'), 'json'],
      unread_count: ['m.unread_count', 'value'],
      ...(withParticipants && {
        participants: [jsonArray(sql, publicUserJson(sql, 'u'), 'json', people, 'u.id'), 'json'],
      }),
    });
  };
  const LIST_FROM = `FROM memberships m JOIN rooms r ON r.id = m.room_id
         WHERE m.user_id = @me AND m.active = 1
           AND (CAST(@type AS TEXT) IS NULL OR r.room_type = @type)
           AND (CAST(@archived AS INTEGER) IS NULL OR m.archived = @archived)
         ORDER BY COALESCE(r.last_message_time, r.created_at) DESC, r.id`;
  const listJson = [false, true].map((withParticipants) => `SELECT ${listRowJson(withParticipants)} AS json ${LIST_FROM}`);
  const listParams = (userId: string, filter: { room_type?: string; archived?: boolean }) => ({
    me: userId,
    type: filter.room_type ?? null,
    archived: filter.archived === undefined ? null : filter.archived ? 1 : 0,
  });
  return {
    /** Inserts unless the id exists; true when this call created the room (the primary key decides). */
    insert: async (room: RoomDoc) =>
      (await sql.run(
        `INSERT INTO rooms (id, room_type, name, job_id, created_by, created_at, updated_at,
           last_message_content, last_message_time, last_message_sender_id, status, posting)
         VALUES (@id, @room_type, @name, @job_id, @created_by, @created_at, @updated_at,
           @last_message_content, @last_message_time, @last_message_sender_id, @status, @posting)
         ON CONFLICT (id) DO NOTHING`,
        strip(room),
      )) === 1,
    byId: async (id: string) =>
      toDoc(await sql.get<RoomRow>(`SELECT r.*, ${participants} FROM rooms r WHERE r.id = ?`, [id])),
    /** Inside a transaction: the room, its row locked until it ends (`forUpdate`). */
    byIdForUpdate: async (id: string) =>
      toDoc(await sql.get<RoomRow>(forUpdate(sql, `SELECT r.*, ${participants} FROM rooms r WHERE r.id = ?`), [id])),
    /** The stored rooms among `ids`, in one statement (a push batch's rooms). */
    byIds: async (ids: readonly string[]) =>
      (await sql.all<RoomRow>(`SELECT r.*, ${participants} FROM rooms r WHERE r.id ${inList(sql)}`, [listParam(sql, ids)])).map(
        (r) => toDoc(r) as RoomDoc,
      ),
    /** The jobs the rooms are about, in one statement. */
    jobIdsOf: async (ids: readonly string[]) =>
      (
        await sql.all<{ job_id: string }>(`SELECT DISTINCT job_id FROM rooms WHERE id ${inList(sql)} AND job_id IS NOT NULL`, [
          listParam(sql, ids),
        ])
      ).map((r) => r.job_id),
    /** Writes the room's own fields; its participants are its memberships. */
    update: async (room: RoomDoc) =>
      void (await sql.run(
        `UPDATE rooms SET name = @name, updated_at = @updated_at, status = @status,
           last_message_content = @last_message_content, last_message_time = @last_message_time,
           last_message_sender_id = @last_message_sender_id WHERE id = @id`,
        strip(room),
      )),
    /** Writes the name alone, so a concurrent message's preview is kept. */
    rename: async (id: string, name: string, now: string) =>
      void (await sql.run('UPDATE rooms SET name = ?, updated_at = ? WHERE id = ?', [name, now, id])),
    /** Moves a support room to `status`; false when it was there already (nothing written). */
    setStatus: async (id: string, status: 'open' | 'resolved', now: string) =>
      (await sql.run('UPDATE rooms SET status = ?, updated_at = ? WHERE id = ? AND status != ?', [status, now, id, status])) === 1,
    openSupportRoomIds: async () =>
      (await sql.all<{ id: string }>("SELECT id FROM rooms WHERE room_type = 'support' AND status = 'open' ORDER BY id")).map((r) => r.id),
    /** The requester's open support room about `jobId` (or about no job), if any. */
    openSupportRoom: async (requesterId: string, jobId: string | null) =>
      toDoc(
        await sql.get<RoomRow>(
          `SELECT r.*, ${participants} FROM rooms r
           WHERE r.room_type = 'support' AND r.status = 'open' AND r.created_by = ?
             AND ${jobId === null ? 'r.job_id IS NULL' : 'r.job_id = ?'}
           ORDER BY r.created_at LIMIT 1`,
          jobId === null ? [requesterId] : [requesterId, jobId],
        ),
      ),
    /**
     * Moves the room's preview to a new message, unless a newer one is there already: two
     * instances storing messages into one room at once leave it at the newest, whichever commits
     * last, and a concurrent rename is not overwritten (only these fields are written).
     */
    setLastMessage: async (roomId: string, m: Pick<MessageDoc, 'content' | 'received_at' | 'sender_id'>, now: string) =>
      void (await sql.run(
        `UPDATE rooms SET updated_at = @now, last_message_content = @content, last_message_time = @time,
           last_message_sender_id = @sender
         WHERE id = @id AND (last_message_time IS NULL OR last_message_time <= @time)`,
        { id: roomId, now, content: m.content, time: m.received_at, sender: m.sender_id },
      )),
    /**
     * The support rooms the user is in with this status, for the Support tab: each with its
     * unread count and `waiting_since` (the requester's first message after anyone else last
     * wrote; null when support had the last word). Those waiting longest come first, then the
     * answered ones, oldest first.
     */
    async supportQueue(userId: string, status: 'open' | 'resolved') {
      const rows = await sql.all<RoomRow & { unread_count: number; waiting_since: string | null }>(
        `SELECT * FROM (
           SELECT r.*, ${participants}, m.unread_count AS unread_count,
             (SELECT MIN(q.received_at) FROM messages q
              WHERE q.room_id = r.id AND q.sender_id = r.created_by AND q.kind != 'system'
                AND q.received_at > COALESCE((SELECT MAX(a.received_at) FROM messages a
                  WHERE a.room_id = r.id AND a.sender_id != r.created_by AND a.kind != 'system'), '')) AS waiting_since
           FROM memberships m JOIN rooms r ON r.id = m.room_id
           WHERE m.user_id = @me AND m.active = 1 AND r.room_type = 'support' AND r.status = @status
         ) s
         ORDER BY (s.waiting_since IS NULL), s.waiting_since, s.created_at, s.id`,
        { me: userId, status },
      );
      return rows.map(({ unread_count, waiting_since, ...row }) => ({ ...(toDoc(row) as RoomDoc), unread_count, waiting_since }));
    },
    /** The user's rooms, most recent activity first. */
    forUser: async (userId: string) =>
      (
        await sql.all<RoomRow>(
          `SELECT r.*, ${participants} FROM rooms r JOIN memberships m ON m.room_id = r.id
           WHERE m.user_id = ? AND m.active = 1
           ORDER BY COALESCE(r.last_message_time, r.created_at) DESC, r.id`,
          [userId],
        )
      ).map((r) => toDoc(r) as RoomDoc),
    /**
     * The room list in one statement: the user's rooms, participants, archived flag and unread
     * counts (the membership row's counter), filtered and ordered in SQL, most recent first.
     */
    async listForUser(userId: string, filter: { room_type?: string; archived?: boolean }): Promise<RoomWithUnread[]> {
      const rows = await sql.all<RoomRow & { unread_count: number }>(
        `SELECT r.*, ${participants}, m.unread_count AS unread_count ${LIST_FROM}`,
        listParams(userId, filter),
      );
      return rows.map(({ unread_count, ...row }) => ({ ...(toDoc(row) as RoomDoc), unread_count }));
    },
    /**
     * `listForUser` as the JSON text of its array, built by the database in one statement; with
     * `participants`, each room also carries its people's public records (the DM list), so that
     * list is one statement too. Nothing is materialised as objects.
     */
    async listJsonForUser(userId: string, filter: { room_type?: string; archived?: boolean }, participants = false): Promise<string> {
      const rows = await sql.all<{ json: string }>(listJson[participants ? 1 : 0] as string, listParams(userId, filter));
      return `[${rows.map((r) => r.json).join(',')}]`;
    },
  };
}
