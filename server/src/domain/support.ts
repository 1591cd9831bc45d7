import { publicUser } from '../db/users';
import { AppError } from '../errors';
import {
  emptyRoom,
  isStaffRole,
  newId,
  newMessageId,
  nowIso,
  type SupportQueueItem,
  type SupportRequestBody,
  type SupportRequestResponse,
  type RoomDoc,
} from '../shared';
import { commit, type Ctx } from './context';
import { systemMessage } from './groups';
import { addMember } from './membership-ops';
import { insertMessage } from './messages';

/** Support room ids: `support:<uuid v7>`; a requester has at most one open room per job (or none). */
const supportRoomId = () => `support:${newId()}`;

/** Only `support` and `admin` accounts work the queue. */
async function requireStaff(ctx: Ctx, userId: string): Promise<void> {
  if (!isStaffRole((await ctx.store.users.byId(userId))?.role)) throw new AppError('forbidden', 'Only support staff can do this');
}

/**
 * POST /api/support/: the caller asks for help, about one of their jobs or in general. Their
 * open room for that job is reused; otherwise a room is made with the caller and every `support`
 * user, status `open`. The question is its first (or next) message.
 */
export async function requestSupport(ctx: Ctx, callerId: string, body: SupportRequestBody): Promise<SupportRequestResponse> {
  const job = body.job_id === undefined ? null : await ctx.authz.requireJob(callerId, body.job_id);
  return commit(ctx, async (rec) => {
    const now = nowIso();
    let room = await ctx.store.rooms.openSupportRoom(callerId, job?.id ?? null);
    const created = !room;
    if (!room) {
      const staff = (await ctx.store.users.idsWithRole('support')).filter((id) => id !== callerId);
      const fresh = emptyRoom({
        id: supportRoomId(),
        room_type: 'support',
        name: job ? `Help with ${job.title}` : 'Support',
        job_id: job?.id ?? null,
        participant_ids: [callerId, ...staff],
        created_by: callerId,
        status: 'open',
        now,
      });
      await ctx.store.rooms.insert(fresh);
      for (const id of fresh.participant_ids) await addMember(ctx.store, rec, fresh.id, id, now);
      room = fresh;
    }
    const message = await insertMessage(
      ctx,
      rec,
      { id: newMessageId(), room, senderId: callerId, content: body.content, kind: 'text', createdAt: now, attachment: null, location: null, replyToId: null },
      now,
    );
    return { room: (await ctx.store.rooms.byId(room.id)) as RoomDoc, message, created };
  });
}

/** GET /api/support/?status=: the support rooms the caller is in, longest waiting first. */
export async function supportQueue(ctx: Ctx, callerId: string, status: 'open' | 'resolved'): Promise<SupportQueueItem[]> {
  await requireStaff(ctx, callerId);
  const rooms = await ctx.store.rooms.supportQueue(callerId, status);
  const users = new Map((await ctx.store.users.byIds([...new Set(rooms.map((r) => r.created_by))])).map((u) => [u.id, publicUser(u)]));
  return rooms.map((room) => ({ ...room, requester: users.get(room.created_by) ?? null }));
}

/** POST /api/support/:roomId/resolve/: support closes the request; the requester's next message opens it again. */
export async function resolveSupport(ctx: Ctx, callerId: string, roomId: string): Promise<RoomDoc> {
  await requireStaff(ctx, callerId);
  const room = await ctx.authz.requireRoom(callerId, roomId);
  if (room.room_type !== 'support') throw new AppError('room_type_not_allowed', 'Only support rooms are resolved');
  return commit(ctx, async (rec) => {
    const now = nowIso();
    if (await ctx.store.rooms.setStatus(roomId, 'resolved', now)) {
      rec.changed('rooms', roomId);
      const who = await ctx.store.users.byId(callerId);
      await systemMessage(ctx, rec, roomId, callerId, `${who?.first_name || who?.username || 'Support'} marked this resolved`, now);
    }
    return (await ctx.store.rooms.byId(roomId)) as RoomDoc;
  });
}

/**
 * A new support account joins every open support room, so "every support user" stays true for
 * requests made before the account existed.
 */
export async function joinOpenSupportRooms(ctx: Ctx, userId: string): Promise<void> {
  await commit(ctx, async (rec) => {
    const now = nowIso();
    for (const roomId of await ctx.store.rooms.openSupportRoomIds()) await addMember(ctx.store, rec, roomId, userId, now);
  });
}
