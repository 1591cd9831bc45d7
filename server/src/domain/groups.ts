import type { ChangeRecorder } from '../db/store';
import type { UserRow } from '../db/users';
import { AppError } from '../errors';
import {
  emptyRoom,
  GROUP_MIN_OTHERS,
  isGroupRoomId,
  isManagedRoom,
  isStaffRole,
  managedRoomId,
  membershipId,
  newMessageId,
  nowIso,
  ROOM_MAX_MEMBERS,
  SYSTEM_KIND,
  type CreateRoomBody,
  type RoomDoc,
} from '../shared';
import { commit, type Ctx } from './context';
import { insertMessage } from './messages';
import { addMember, createRoom, removeMember } from './membership-ops';

/** How a person is named in the timeline's notices: their first name, else their username. */
const noun = (room: Pick<RoomDoc, 'room_type'>) => (room.room_type === 'group' ? 'group' : 'room');
const nameOf = (user: Pick<UserRow, 'first_name' | 'username'> | undefined) => user?.first_name || user?.username || 'Someone';

/**
 * Writes a `system` message into the room ("Alice added Dave"), inside the caller's
 * transaction, as a message from the person who made the change. Whoever is in the room when the
 * transaction ends receives it; whoever just left does not (the audience rule decides).
 */
export async function systemMessage(ctx: Ctx, rec: ChangeRecorder, roomId: string, actorId: string, content: string, now: string) {
  const room = (await ctx.store.rooms.byIdForUpdate(roomId)) as RoomDoc;
  await insertMessage(ctx, rec, { id: newMessageId(), room, senderId: actorId, content, kind: SYSTEM_KIND, createdAt: now, attachment: null, location: null, replyToId: null }, now);
}

/** The people a new room is made with: they exist, the caller is not counted, no one twice. */
async function othersFor(ctx: Ctx, callerId: string, ids: string[], min: number): Promise<UserRow[]> {
  const wanted = [...new Set(ids)].filter((id) => id !== callerId);
  if (wanted.length < min) throw new AppError('validation_failed', `Invalid request: participant_ids: choose at least ${min} other people`);
  if (wanted.length > ROOM_MAX_MEMBERS - 1) {
    throw new AppError('validation_failed', `Invalid request: participant_ids: at most ${ROOM_MAX_MEMBERS - 1} other people`);
  }
  const rows = await ctx.store.users.byIds(wanted);
  if (rows.length !== wanted.length) throw new AppError('not_found', 'User not found');
  return rows;
}

/** What a new group or announcement room is made of, checked before anything is written. */
export interface ManagedRoomPlan {
  caller: UserRow | undefined;
  others: UserRow[];
  body: CreateRoomBody;
}

/** Checks who may make the room and with whom; stores nothing. */
export async function planManagedRoom(ctx: Ctx, callerId: string, body: CreateRoomBody): Promise<ManagedRoomPlan> {
  const caller = await ctx.store.users.byId(callerId);
  if (body.room_type === 'general' && !isStaffRole(caller?.role)) {
    throw new AppError('forbidden', 'Only support and admin accounts make announcement rooms');
  }
  const others = await othersFor(ctx, callerId, body.participant_ids, body.room_type === 'group' ? GROUP_MIN_OTHERS : 1);
  return { caller, others, body };
}

/**
 * Writes a planned room inside the caller's transaction, the caller its owner. An id that exists
 * already is the caller's own group again (a retried push): no change. Anyone else's: not found.
 */
export async function insertManagedRoom(ctx: Ctx, rec: ChangeRecorder, callerId: string, plan: ManagedRoomPlan, id: string, now: string) {
  const { body } = plan;
  const room = emptyRoom({
    id,
    room_type: body.room_type,
    name: body.name,
    participant_ids: [callerId, ...plan.others.map((u) => u.id)],
    created_by: callerId,
    posting: body.room_type === 'general' ? (body.posting ?? 'staff') : 'all',
    now,
  });
  if (!(await createRoom(ctx.store, rec, room, room.participant_ids, now))) {
    const existing = (await ctx.store.rooms.byId(room.id)) as RoomDoc;
    if (existing.created_by !== callerId || existing.room_type !== body.room_type) throw new AppError('not_found', 'Room not found');
    return { room: existing, created: false };
  }
  await ctx.store.memberships.setRole(membershipId(room.id, callerId), 'owner', now);
  await systemMessage(ctx, rec, room.id, callerId, `${nameOf(plan.caller)} created the ${noun(room)} "${room.name}"`, now);
  return { room: (await ctx.store.rooms.byId(room.id)) as RoomDoc, created: true };
}

/** POST /api/chat/rooms/: a group (anyone) or an announcement room (support and admin only). */
export async function createManagedRoom(ctx: Ctx, callerId: string, body: CreateRoomBody): Promise<{ room: RoomDoc; created: boolean }> {
  if (body.room_type === 'group' && body.id !== undefined && !isGroupRoomId(body.id)) {
    throw new AppError('validation_failed', 'Invalid request: id must be group:<uuid v7>');
  }
  const plan = await planManagedRoom(ctx, callerId, body);
  const id = (body.room_type === 'group' && body.id) || managedRoomId(body.room_type);
  return commit(ctx, (rec) => insertManagedRoom(ctx, rec, callerId, plan, id, nowIso()));
}

/** An owner adds someone: they receive the room and its whole history (SPEC §4). */
export async function addRoomMember(ctx: Ctx, callerId: string, roomId: string, userId: string): Promise<RoomDoc> {
  const room = await ctx.authz.requireOwner(callerId, roomId);
  const user = await ctx.store.users.byId(userId);
  if (!user) throw new AppError('not_found', 'User not found');
  if (room.participant_ids.includes(userId)) return room;
  return commit(ctx, async (rec) => {
    const now = nowIso();
    const members = await ctx.store.memberships.activeInRoomForUpdate(roomId);
    if (members.some((m) => m.user_id === userId)) return (await ctx.store.rooms.byId(roomId)) as RoomDoc;
    if (members.length >= ROOM_MAX_MEMBERS) throw new AppError('room_full', `A room holds at most ${ROOM_MAX_MEMBERS} people`);
    await addMember(ctx.store, rec, roomId, userId, now);
    await systemMessage(ctx, rec, roomId, callerId, `${nameOf(await ctx.store.users.byId(callerId))} added ${nameOf(user)}`, now);
    return (await ctx.store.rooms.byId(roomId)) as RoomDoc;
  });
}

/** An owner removes someone: their copy is purged and they hear nothing from the room again. */
export async function removeRoomMember(ctx: Ctx, callerId: string, roomId: string, userId: string): Promise<RoomDoc> {
  if (userId === callerId) return leaveRoom(ctx, callerId, roomId);
  const room = await ctx.authz.requireOwner(callerId, roomId);
  if (!room.participant_ids.includes(userId)) throw new AppError('not_found', 'That person is not in this room');
  return commit(ctx, async (rec) => {
    const now = nowIso();
    const user = await ctx.store.users.byId(userId);
    await removeMember(ctx.store, rec, roomId, userId, now);
    await systemMessage(ctx, rec, roomId, callerId, `${nameOf(await ctx.store.users.byId(callerId))} removed ${nameOf(user)}`, now);
    return (await ctx.store.rooms.byId(roomId)) as RoomDoc;
  });
}

/** An owner renames the room; everyone in it sees the new name and a notice. */
export async function renameRoom(ctx: Ctx, callerId: string, roomId: string, name: string): Promise<RoomDoc> {
  const room = await ctx.authz.requireOwner(callerId, roomId);
  if (room.name === name) return room;
  return commit(ctx, async (rec) => {
    const now = nowIso();
    await ctx.store.rooms.byIdForUpdate(roomId);
    await ctx.store.rooms.rename(roomId, name, now);
    rec.changed('rooms', roomId);
    await systemMessage(ctx, rec, roomId, callerId, `${nameOf(await ctx.store.users.byId(callerId))} renamed the ${noun(room)} to "${name}"`, now);
    return (await ctx.store.rooms.byId(roomId)) as RoomDoc;
  });
}

/** POST …/leave/: the caller leaves a group or announcement room (answered with the room as they last saw it). */
export async function leaveRoom(ctx: Ctx, callerId: string, roomId: string): Promise<RoomDoc> {
  const room = await ctx.authz.requireRoom(callerId, roomId);
  if (!isManagedRoom(room)) throw new AppError('room_type_not_allowed', `You cannot leave a ${room.room_type} room`);
  await commit(ctx, (rec) => leaveInside(ctx, rec, callerId, roomId, nowIso()));
  return room;
}

/**
 * The caller leaves, inside a transaction (REST, or their membership pushed as deleted). When
 * the last owner goes, the member who has been in the room longest becomes its owner, so a group
 * is never left without someone to manage it.
 */
export async function leaveInside(ctx: Ctx, rec: ChangeRecorder, callerId: string, roomId: string, now: string): Promise<void> {
  const members = await ctx.store.memberships.activeInRoomForUpdate(roomId);
  const own = members.find((m) => m.user_id === callerId);
  if (!own) return;
  await removeMember(ctx.store, rec, roomId, callerId, now);
  const rest = members.filter((m) => m.user_id !== callerId);
  await systemMessage(ctx, rec, roomId, callerId, `${nameOf(await ctx.store.users.byId(callerId))} left`, now);
  if (rest.length > 0 && !rest.some((m) => m.role === 'owner')) {
    const heir = [...rest].sort((a, b) => a.joined_at.localeCompare(b.joined_at) || a.id.localeCompare(b.id))[0];
    if (heir) {
      await ctx.store.memberships.setRole(heir.id, 'owner', now);
      rec.changed('memberships', heir.id);
    }
  }
}
