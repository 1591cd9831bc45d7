import type { MembershipDoc, MembershipRole } from '../shared';
import { unreadCountSql, unreadRecountSql } from './messages';
import { forUpdate, inList, jsonRows, listParam, type Sql } from './sql';

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

type MembershipWrite = Omit<MembershipRow, 'unread_count'>;

/**
 * `repos` whose `memberships.activeInRooms` reads each room's members once and answers again from
 * what it read: for a span in which no membership is written, such as the recorder's derivation
 * of one write's feed rows, where the rooms, memberships and messages of a send all ask for the
 * members of the same rooms (three statements where one does; docs/server.md, "Batched writes").
 */
export function withRoomMembersRead<R extends { memberships: Pick<ReturnType<typeof createMembershipsRepo>, 'activeInRooms'> }>(repos: R): R {
  const read = new Map<string, MembershipRow[]>();
  const activeInRooms = async (roomIds: readonly string[]) => {
    const missing = [...new Set(roomIds)].filter((id) => !read.has(id));
    if (missing.length > 0) {
      for (const id of missing) read.set(id, []);
      for (const m of await repos.memberships.activeInRooms(missing)) read.get(m.room_id)?.push(m);
    }
    return [...new Set(roomIds)].flatMap((id) => read.get(id) ?? []);
  };
  return { ...repos, memberships: { ...repos.memberships, activeInRooms } };
}

export function createMembershipsRepo(sql: Sql) {
  const joinMany = async (rows: readonly Pick<MembershipRow, 'id' | 'room_id' | 'user_id' | 'role'>[], now: string) => {
    if (rows.length === 0) return;
    await sql.run(
      `INSERT INTO memberships (id, room_id, user_id, joined_at, last_read_at, archived, muted, active, updated_at, role, unread_count)
       SELECT v.id, v.room_id, v.user_id, ?, NULL, 0, 0, 1, ?, v.role, ${unreadCountSql('v.room_id', 'v.user_id', 'NULL')}
       FROM ${jsonRows(sql, { id: 'text', room_id: 'text', user_id: 'text', role: 'text' })}
       WHERE true
       ON CONFLICT(id) DO UPDATE SET active = 1, joined_at = excluded.joined_at, updated_at = excluded.updated_at, role = excluded.role,
         unread_count = ${unreadRecountSql('memberships.last_read_at')}`,
      [now, now, JSON.stringify(rows.map(({ id, room_id, user_id, role }) => ({ id, room_id, user_id, role })))],
    );
  };
  const updateMany = async (writes: readonly { row: MembershipWrite; unreadDelta: number }[]) => {
    if (writes.length === 0) return;
    const rows = writes.map(({ row, unreadDelta }) => ({
      id: row.id, last_read_at: row.last_read_at, archived: row.archived, muted: row.muted, active: row.active,
      updated_at: row.updated_at, delta: unreadDelta,
    }));
    await sql.run(
      `UPDATE memberships SET last_read_at = v.last_read_at, archived = v.archived, muted = v.muted, active = v.active,
         updated_at = v.updated_at,
         unread_count = CASE
           WHEN v.active = 0 THEN 0
           WHEN memberships.active = 1 AND COALESCE(memberships.last_read_at, '') = COALESCE(v.last_read_at, '')
             THEN memberships.unread_count + v.delta
           ELSE ${unreadRecountSql('v.last_read_at')}
         END
       FROM ${jsonRows(sql, { id: 'text', last_read_at: 'text', archived: 'integer', muted: 'integer', active: 'integer', updated_at: 'text', delta: 'integer' })}
       WHERE memberships.id = v.id`,
      [JSON.stringify(rows)],
    );
  };
  return {
    /** Adds the user to the room, or brings a former member back (with the role given now). */
    join: (id: string, roomId: string, userId: string, now: string, role: MembershipRole = 'member') =>
      joinMany([{ id, room_id: roomId, user_id: userId, role }], now),
    /** `join` for many memberships in one statement. */
    joinMany,
    setRole: async (id: string, role: MembershipRole, now: string) =>
      void (await sql.run('UPDATE memberships SET role = ?, updated_at = ? WHERE id = ?', [role, now, id])),
    byId: (id: string) => sql.get<MembershipRow>('SELECT * FROM memberships WHERE id = ?', [id]),
    /** Inside a transaction: the row, locked until it ends, for a read-then-write (`forUpdate`). */
    byIdForUpdate: (id: string) => sql.get<MembershipRow>(forUpdate(sql, 'SELECT * FROM memberships WHERE id = ?'), [id]),
    activeInRoom: (roomId: string) => sql.all<MembershipRow>('SELECT * FROM memberships WHERE room_id = ? AND active = 1', [roomId]),
    /** Like `activeInRoom`, locked; in id order, so two writers lock a room's rows in the same order. */
    activeInRoomForUpdate: (roomId: string) =>
      sql.all<MembershipRow>(forUpdate(sql, 'SELECT * FROM memberships WHERE room_id = ? AND active = 1 ORDER BY id'), [roomId]),
    /** The active memberships of every room in `roomIds`, in one statement. */
    activeInRooms: (roomIds: readonly string[]) =>
      sql.all<MembershipRow>(`SELECT * FROM memberships WHERE room_id ${inList(sql)} AND active = 1`, [listParam(sql, roomIds)]),
    /** Like `activeInRooms`, locked, in id order (as `activeInRoomForUpdate`), in one statement. */
    activeInRoomsForUpdate: (roomIds: readonly string[]) =>
      sql.all<MembershipRow>(forUpdate(sql, `SELECT * FROM memberships WHERE room_id ${inList(sql)} AND active = 1 ORDER BY id`), [
        listParam(sql, roomIds),
      ]),
    byIds: (ids: readonly string[]) => sql.all<MembershipRow>(`SELECT * FROM memberships WHERE id ${inList(sql)}`, [listParam(sql, ids)]),
    /** Every membership (active or ended) of the rooms, in one statement. */
    allInRooms: (roomIds: readonly string[]) =>
      sql.all<MembershipRow>(`SELECT * FROM memberships WHERE room_id ${inList(sql)}`, [listParam(sql, roomIds)]),
    allInRoom: (roomId: string) => sql.all<MembershipRow>('SELECT * FROM memberships WHERE room_id = ?', [roomId]),
    /**
     * Writes the row's fields. Its unread count: 0 when left; recounted when the read marker
     * moves or the member returns; else moved by `unreadDelta` (what the caller's write in this
     * transaction changed, decided with the unread rule).
     */
    update: (row: Omit<MembershipRow, 'unread_count'>, unreadDelta = 0) => updateMany([{ row, unreadDelta }]),
    /** `update` for many rows (each at most once) in one statement. */
    updateMany,
    /** Everyone in a support room about the job: support sees the job it is asked about. */
    inSupportRoomsOfJob: async (jobId: string) =>
      (
        await sql.all<{ user_id: string }>(
          `SELECT DISTINCT m.user_id FROM rooms r JOIN memberships m ON m.room_id = r.id
           WHERE r.job_id = ? AND r.room_type = 'support' AND m.active = 1`,
          [jobId],
        )
      ).map((r) => r.user_id),
    /** For each user, everyone who shares at least one active room with them, in one statement. */
    async coMembersOf(userIds: readonly string[]): Promise<Map<string, Set<string>>> {
      const out = new Map<string, Set<string>>(userIds.map((id) => [id, new Set()]));
      const rows = await sql.all<{ of_user: string; user_id: string }>(
        `SELECT DISTINCT a.user_id AS of_user, b.user_id FROM memberships a JOIN memberships b ON a.room_id = b.room_id
         WHERE a.user_id ${inList(sql)} AND a.active = 1 AND b.active = 1 AND b.user_id != a.user_id`,
        [listParam(sql, userIds)],
      );
      for (const r of rows) out.get(r.of_user)?.add(r.user_id);
      return out;
    },
    /** For each job, everyone in a support room about it, in one statement. */
    async inSupportRoomsOfJobs(jobIds: readonly string[]): Promise<Map<string, Set<string>>> {
      const out = new Map<string, Set<string>>(jobIds.map((id) => [id, new Set()]));
      const rows = await sql.all<{ job_id: string; user_id: string }>(
        `SELECT DISTINCT r.job_id, m.user_id FROM rooms r JOIN memberships m ON m.room_id = r.id
         WHERE r.job_id ${inList(sql)} AND r.room_type = 'support' AND m.active = 1`,
        [listParam(sql, jobIds)],
      );
      for (const r of rows) out.get(r.job_id)?.add(r.user_id);
      return out;
    },
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
