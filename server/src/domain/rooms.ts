import type { ChangeRecorder } from '../db/store';
import { membershipDoc, type MembershipRow } from '../db/memberships';
import { AppError } from '../errors';
import { acceptReadMarker, dmRoomId, emptyRoom, membershipId, nowIso, readMarker, type MembershipDoc, type RoomDoc } from '../shared';
import { commit, type Ctx } from './context';
import { createRoom } from './membership-ops';

/** The DM room for a pair, created inside the caller's transaction when missing. */
export async function ensureDm(ctx: Ctx, rec: ChangeRecorder, pair: [string, string], createdBy: string, now: string) {
  const id = dmRoomId(pair[0], pair[1]);
  const room = emptyRoom({ id, room_type: 'direct', participant_ids: pair, created_by: createdBy, now });
  const created = await createRoom(ctx.store, rec, room, room.participant_ids, now);
  return { room: created ? room : ((await ctx.store.rooms.byId(id)) as RoomDoc), created };
}

/** POST start_dm: 201 with created:true the first time, 200 with created:false after (SPEC §3). */
export async function startDm(ctx: Ctx, callerId: string, userId: unknown) {
  if (typeof userId !== 'string' || userId.trim() === '') {
    throw new AppError('invalid_user_id', 'user_id must be a non-empty string');
  }
  if (userId === callerId) throw new AppError('cannot_dm_self', 'You cannot start a DM with yourself');
  if (userId.includes(':') || !(await ctx.store.users.byId(userId))) throw new AppError('not_found', 'User not found');
  return commit(ctx, async (rec) => ensureDm(ctx, rec, [callerId, userId], callerId, nowIso()));
}

export async function unreadCount(ctx: Ctx, room: RoomDoc, userId: string): Promise<number> {
  const own = await ctx.store.memberships.byId(membershipId(room.id, userId));
  return own?.active === 1 ? Number(own.unread_count) : 0;
}

/** The room list, the JSON text of `RoomWithUnread[]`: one statement for the rooms and their unread counts (db/rooms.ts). */
export function listRooms(ctx: Ctx, userId: string, filter: { room_type?: string; archived?: boolean }): Promise<string> {
  return ctx.store.rooms.listJsonForUser(userId, filter);
}

/** The DMs with their participants' public records: the JSON text of `DmRoomListItem[]`, in one statement. */
export function listDms(ctx: Ctx, userId: string): Promise<string> {
  return ctx.store.rooms.listJsonForUser(userId, { room_type: 'direct' }, true);
}

type MembershipPatch = Partial<Pick<MembershipRow, 'last_read_at' | 'archived' | 'muted'>>;

/**
 * Changes the caller's own membership and tells every member of the room. A `last_read_at`
 * only moves forward and never past the server's now (`acceptReadMarker`), so a client whose
 * clock runs ahead cannot pin its marker where no later message is ever unread.
 */
export async function updateOwnMembership(ctx: Ctx, rec: ChangeRecorder, row: MembershipRow, patch: MembershipPatch, now: string) {
  const next: MembershipRow = {
    ...row,
    last_read_at: acceptReadMarker(row.last_read_at, patch.last_read_at ?? null, now),
    archived: patch.archived ?? row.archived,
    muted: patch.muted ?? row.muted,
  };
  if (next.last_read_at === row.last_read_at && next.archived === row.archived && next.muted === row.muted) return row;
  next.updated_at = now;
  await ctx.store.memberships.update(next);
  rec.changed('memberships', row.id);
  return next;
}

/** REST read/archive/unarchive: the caller's membership after the change. */
export async function changeMembership(ctx: Ctx, userId: string, roomId: string, action: 'read' | 'archive' | 'unarchive'): Promise<MembershipDoc> {
  await ctx.authz.requireRoom(userId, roomId);
  return commit(ctx, async (rec) => {
    const row = (await ctx.store.memberships.byIdForUpdate(membershipId(roomId, userId))) as MembershipRow;
    const now = nowIso();
    const patch: MembershipPatch =
      action === 'read'
        ? { last_read_at: readMarker(row.last_read_at, now, await ctx.store.messages.newestReceivedAt(roomId)) }
        : { archived: action === 'archive' ? 1 : 0 };
    return membershipDoc(await updateOwnMembership(ctx, rec, row, patch, now));
  });
}
