import type { RoomDoc, RoomWithUnread } from '../shared';
import type { DB } from './database';
import { unreadCountSql } from './messages';

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
  // The whole room list in one statement: rooms, participants, the caller's archived flag and
  // unread count (each a range on the unread tail), filtered and ordered in SQL.
  const listForUser = db.prepare<
    { me: string; type: string | null; archived: number | null },
    RoomRow & { unread_count: number }
  >(
    `SELECT r.*, ${PARTICIPANTS}, ${unreadCountSql('r.id', 'm.user_id', 'm.last_read_at')} AS unread_count
     FROM memberships m JOIN rooms r ON r.id = m.room_id
     WHERE m.user_id = @me AND m.active = 1
       AND (@type IS NULL OR r.room_type = @type) AND (@archived IS NULL OR m.archived = @archived)
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
    /** The room list: the user's rooms with their unread counts, most recent activity first. */
    listForUser(userId: string, filter: { room_type?: string; archived?: boolean }): RoomWithUnread[] {
      const archived = filter.archived === undefined ? null : filter.archived ? 1 : 0;
      return listForUser.all({ me: userId, type: filter.room_type ?? null, archived }).map(({ unread_count, ...row }) => ({
        ...(toDoc(row) as RoomDoc),
        unread_count,
      }));
    },
  };
}
