import type { MembershipDoc } from '../shared';
import type { DB } from './database';

/** A membership as stored: `active = 0` once the user has left (kept so leavers get a tombstone). */
export interface MembershipRow {
  id: string;
  room_id: string;
  user_id: string;
  joined_at: string;
  last_read_at: string | null;
  archived: number;
  muted: number;
  active: number;
  updated_at: string;
}

export function membershipDoc(row: MembershipRow): MembershipDoc {
  return {
    id: row.id,
    room_id: row.room_id,
    user_id: row.user_id,
    joined_at: row.joined_at,
    last_read_at: row.last_read_at,
    archived: row.archived === 1,
    muted: row.muted === 1,
    updated_at: row.updated_at,
  };
}

export function createMembershipsRepo(db: DB) {
  const upsertActive = db.prepare(
    `INSERT INTO memberships (id, room_id, user_id, joined_at, last_read_at, archived, muted, active, updated_at)
     VALUES (@id, @room_id, @user_id, @now, NULL, 0, 0, 1, @now)
     ON CONFLICT(id) DO UPDATE SET active = 1, joined_at = @now, updated_at = @now`,
  );
  const byId = db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE id = ?');
  const activeInRoom = db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE room_id = ? AND active = 1');
  const allInRoom = db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE room_id = ?');
  const update = db.prepare(
    `UPDATE memberships SET last_read_at = @last_read_at, archived = @archived, muted = @muted, active = @active,
       updated_at = @updated_at WHERE id = @id`,
  );
  const shares = db.prepare<[string, string], { one: number }>(
    `SELECT 1 AS one FROM memberships a JOIN memberships b ON a.room_id = b.room_id
     WHERE a.user_id = ? AND b.user_id = ? AND a.active = 1 AND b.active = 1 LIMIT 1`,
  );
  const coMembers = db.prepare<[string, string], { user_id: string }>(
    `SELECT DISTINCT b.user_id FROM memberships a JOIN memberships b ON a.room_id = b.room_id
     WHERE a.user_id = ? AND a.active = 1 AND b.active = 1 AND b.user_id != ?`,
  );
  return {
    /** Adds the user to the room, or brings a former member back. */
    join: (id: string, roomId: string, userId: string, now: string) =>
      void upsertActive.run({ id, room_id: roomId, user_id: userId, now }),
    byId: (id: string) => byId.get(id),
    activeInRoom: (roomId: string) => activeInRoom.all(roomId),
    allInRoom: (roomId: string) => allInRoom.all(roomId),
    update: (row: MembershipRow) => void update.run(row),
    sharesRoom: (a: string, b: string) => shares.get(a, b) !== undefined,
    /** Everyone who shares at least one room with the user. */
    coMembers: (userId: string) => coMembers.all(userId, userId).map((r) => r.user_id),
  };
}
