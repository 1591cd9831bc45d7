import type { RoomDoc } from '../shared';
import type { Sql } from './sql';

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
  return {
    /** Inserts unless the id exists; true when this call created the room (the primary key decides). */
    insert: async (room: RoomDoc) =>
      (await sql.run(
        `INSERT INTO rooms (id, room_type, name, job_id, created_by, created_at, updated_at,
           last_message_content, last_message_time, last_message_sender_id)
         VALUES (@id, @room_type, @name, @job_id, @created_by, @created_at, @updated_at,
           @last_message_content, @last_message_time, @last_message_sender_id)
         ON CONFLICT (id) DO NOTHING`,
        strip(room),
      )) === 1,
    byId: async (id: string) =>
      toDoc(await sql.get<RoomRow>(`SELECT r.*, ${participants} FROM rooms r WHERE r.id = ?`, [id])),
    /** Writes the room's own fields; its participants are its memberships. */
    update: async (room: RoomDoc) =>
      void (await sql.run(
        `UPDATE rooms SET name = @name, updated_at = @updated_at,
           last_message_content = @last_message_content, last_message_time = @last_message_time,
           last_message_sender_id = @last_message_sender_id WHERE id = @id`,
        strip(room),
      )),
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
  };
}
