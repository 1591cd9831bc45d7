import type { RoomDoc } from '../shared';
import type { DB } from './database';

type RoomRow = Omit<RoomDoc, 'participant_ids'> & { participant_ids: string };

/**
 * `participant_ids` is not stored: it is read from the active memberships with the room, so it
 * can never drift from who may actually see the room (docs/server.md).
 */
const PARTICIPANTS = `(SELECT json_group_array(user_id) FROM memberships WHERE room_id = r.id AND active = 1) AS participant_ids`;

const toDoc = (row: RoomRow | undefined): RoomDoc | undefined =>
  row && { ...row, participant_ids: (JSON.parse(row.participant_ids) as string[]).sort() };

export function createRoomsRepo(db: DB) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO rooms (id, room_type, name, job_id, created_by, created_at, updated_at,
       last_message_content, last_message_time, last_message_sender_id)
     VALUES (@id, @room_type, @name, @job_id, @created_by, @created_at, @updated_at,
       @last_message_content, @last_message_time, @last_message_sender_id)`,
  );
  const byId = db.prepare<[string], RoomRow>(`SELECT r.*, ${PARTICIPANTS} FROM rooms r WHERE r.id = ?`);
  const update = db.prepare(
    `UPDATE rooms SET name = @name, updated_at = @updated_at,
       last_message_content = @last_message_content, last_message_time = @last_message_time,
       last_message_sender_id = @last_message_sender_id WHERE id = @id`,
  );
  const forUser = db.prepare<[string], RoomRow>(
    `SELECT r.*, ${PARTICIPANTS} FROM rooms r JOIN memberships m ON m.room_id = r.id
     WHERE m.user_id = ? AND m.active = 1
     ORDER BY COALESCE(r.last_message_time, r.created_at) DESC, r.id`,
  );
  const strip = ({ participant_ids: _ignored, ...room }: RoomDoc) => room;
  return {
    /** Inserts unless the id exists; true when this call created the room (the primary key decides). */
    insert: (room: RoomDoc) => insert.run(strip(room)).changes === 1,
    byId: (id: string) => toDoc(byId.get(id)),
    /** Writes the room's own fields; its participants are its memberships. */
    update: (room: RoomDoc) => void update.run(strip(room)),
    /** The user's rooms, most recent activity first. */
    forUser: (userId: string) => forUser.all(userId).map((r) => toDoc(r) as RoomDoc),
  };
}
