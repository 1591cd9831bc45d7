import type { MembershipDoc, MembershipRole } from '../shared';
import { unreadCountSql, unreadRecountSql } from './messages';
import { forUpdate, idsIn, type Sql } from './sql';

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
  /**
   * The unread rule's count for this reader (0 once left), kept in the transaction of every
   * write that moves it: a send adds its delta (`update`'s `unreadDelta`), a new read marker or a
   * (re)join recounts. Server-side only: not part of the replicated document.
   */
  unread_count: number;
  role: MembershipRole;
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
    role: row.role,
  };
}

export function createMembershipsRepo(sql: Sql) {
  return {
    /** Adds the user to the room, or brings a former member back (with the role given now). */
    join: async (id: string, roomId: string, userId: string, now: string, role: MembershipRole = 'member') =>
      void (await sql.run(
        `INSERT INTO memberships (id, room_id, user_id, joined_at, last_read_at, archived, muted, active, updated_at, role, unread_count)
         VALUES (@id, @room_id, @user_id, @now, NULL, 0, 0, 1, @now, @role, ${unreadCountSql('@room_id', '@user_id', 'NULL')})
         ON CONFLICT(id) DO UPDATE SET active = 1, joined_at = @now, updated_at = @now, role = @role,
           unread_count = ${unreadRecountSql('memberships.last_read_at')}`,
        { id, room_id: roomId, user_id: userId, now, role },
      )),
    setRole: async (id: string, role: MembershipRole, now: string) =>
      void (await sql.run('UPDATE memberships SET role = ?, updated_at = ? WHERE id = ?', [role, now, id])),
    byId: (id: string) => sql.get<MembershipRow>('SELECT * FROM memberships WHERE id = ?', [id]),
    /** Many in one statement (a pull's page), in no particular order. */
    byIds: (ids: string[]) => sql.all<MembershipRow>(`SELECT * FROM memberships WHERE ${idsIn(sql, 'id', '?')}`, [JSON.stringify(ids)]),
    /** Inside a transaction: the row, locked until it ends, for a read-then-write (`forUpdate`). */
    byIdForUpdate: (id: string) => sql.get<MembershipRow>(forUpdate(sql, 'SELECT * FROM memberships WHERE id = ?'), [id]),
    activeInRoom: (roomId: string) => sql.all<MembershipRow>('SELECT * FROM memberships WHERE room_id = ? AND active = 1', [roomId]),
    /** Like `activeInRoom`, locked; in id order, so two writers lock a room's rows in the same order. */
    activeInRoomForUpdate: (roomId: string) =>
      sql.all<MembershipRow>(forUpdate(sql, 'SELECT * FROM memberships WHERE room_id = ? AND active = 1 ORDER BY id'), [roomId]),
    allInRoom: (roomId: string) => sql.all<MembershipRow>('SELECT * FROM memberships WHERE room_id = ?', [roomId]),
    /**
     * Writes the row's fields. Its unread count: 0 when left; recounted when the read marker
     * moves or the member returns; else moved by `unreadDelta` (what the caller's write in this
     * transaction changed, decided with the unread rule).
     */
    update: async (row: Omit<MembershipRow, 'unread_count'>, unreadDelta = 0) =>
      void (await sql.run(
        `UPDATE memberships SET last_read_at = @last_read_at, archived = @archived, muted = @muted, active = @active,
           updated_at = @updated_at,
           unread_count = CASE
             WHEN @active = 0 THEN 0
             WHEN active = 1 AND COALESCE(last_read_at, '') = COALESCE(CAST(@last_read_at AS TEXT), '') THEN unread_count + @delta
             ELSE ${unreadRecountSql('CAST(@last_read_at AS TEXT)')}
           END
         WHERE id = @id`,
        {
          id: row.id,
          last_read_at: row.last_read_at,
          archived: row.archived,
          muted: row.muted,
          active: row.active,
          updated_at: row.updated_at,
          delta: unreadDelta,
        },
      )),
    /** Everyone in a support room about the job: support sees the job it is asked about. */
    inSupportRoomsOfJob: async (jobId: string) =>
      (
        await sql.all<{ user_id: string }>(
          `SELECT DISTINCT m.user_id FROM rooms r JOIN memberships m ON m.room_id = r.id
           WHERE r.job_id = ? AND r.room_type = 'support' AND m.active = 1`,
          [jobId],
        )
      ).map((r) => r.user_id),
    sharesRoom: async (a: string, b: string) =>
      (await sql.get(
        `SELECT 1 AS one FROM memberships a JOIN memberships b ON a.room_id = b.room_id
         WHERE a.user_id = ? AND b.user_id = ? AND a.active = 1 AND b.active = 1 LIMIT 1`,
        [a, b],
      )) !== undefined,
    /** Everyone who shares at least one room with the user. */
    coMembers: async (userId: string) =>
      (
        await sql.all<{ user_id: string }>(
          `SELECT DISTINCT b.user_id FROM memberships a JOIN memberships b ON a.room_id = b.room_id
           WHERE a.user_id = ? AND a.active = 1 AND b.active = 1 AND b.user_id != ?`,
          [userId, userId],
        )
      ).map((r) => r.user_id),
  };
}
