import type { RoomDoc } from '../shared';
import type { DB } from './database';

type RoomRow = Omit<RoomDoc, 'participant_ids'> & { participant_ids: string };

const toDoc = (row: RoomRow | undefined): RoomDoc | undefined =>
  row && { ...row, participant_ids: JSON.parse(row.participant_ids) as string[] };

export function createRoomsRepo(db: DB) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO rooms (id, room_type, name, job_id, participant_ids, created_by, created_at, updated_at,
       last_message_content, last_message_time, last_message_sender_id)
     VALUES (@id, @room_type, @name, @job_id, @participant_ids, @created_by, @created_at, @updated_at,
       @last_message_content, @last_message_time, @last_message_sender_id)`,
  );
  const byId = db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?');
  const update = db.prepare(
    `UPDATE rooms SET name = @name, participant_ids = @participant_ids, updated_at = @updated_at,
       last_message_content = @last_message_content, last_message_time = @last_message_time,
       last_message_sender_id = @last_message_sender_id WHERE id = @id`,
  );
  const forUser = db.prepare<[string], RoomRow>(
    `SELECT r.* FROM rooms r JOIN memberships m ON m.room_id = r.id
     WHERE m.user_id = ? AND m.active = 1
     ORDER BY COALESCE(r.last_message_time, r.created_at) DESC, r.id`,
  );
  return {
    /** Inserts unless the id exists; true when this call created the room (the primary key decides). */
    insert: (room: RoomDoc) => insert.run({ ...room, participant_ids: JSON.stringify(room.participant_ids) }).changes === 1,
    byId: (id: string) => toDoc(byId.get(id)),
    update: (room: RoomDoc) => void update.run({ ...room, participant_ids: JSON.stringify(room.participant_ids) }),
    /** The user's rooms, most recent activity first. */
    forUser: (userId: string) => forUser.all(userId).map((r) => toDoc(r) as RoomDoc),
  };
}
