import type { ChangeRecorder } from '../db/store';
import { AppError } from '../errors';
import { nowIso, reactionId, type MessageDoc, type ReactionDoc } from '../shared';
import { commit, type Ctx } from './context';

/**
 * Sets (`emoji`) or removes (`null`) the caller's one reaction to `message`, inside the caller's
 * transaction. The caller has checked membership of the message's room. Returns the stored
 * reaction, or null once removed. Setting the same emoji again, or removing what is not there,
 * changes nothing.
 */
export async function applyReaction(
  ctx: Ctx,
  rec: ChangeRecorder,
  userId: string,
  message: MessageDoc,
  emoji: string | null,
  now: string,
): Promise<ReactionDoc | null> {
  const id = reactionId(message.id, userId);
  const stored = await ctx.store.reactions.byId(id);
  const live = stored && stored.removed === 0 ? stored : undefined;
  if (emoji === null) {
    if (live && (await ctx.store.reactions.remove(id, now))) rec.changed('reactions', id);
    return null;
  }
  if (message.deleted) throw new AppError('message_deleted', 'The message has been deleted');
  if (live && live.emoji === emoji) {
    const { removed: _removed, ...doc } = live;
    return doc;
  }
  const doc: ReactionDoc = { id, message_id: message.id, room_id: message.room_id, user_id: userId, emoji, updated_at: now };
  await ctx.store.reactions.put(doc);
  rec.changed('reactions', id);
  return doc;
}

/**
 * REST `PUT` (emoji) and `DELETE` (null) of `/rooms/:id/messages/:messageId/reaction/`. A message
 * outside the room, or a room the caller is not in, answers 404 like one that does not exist.
 * DELETE with an emoji removes the reaction only while it is that emoji.
 */
export async function restReaction(
  ctx: Ctx,
  userId: string,
  roomId: string,
  messageId: string,
  change: { set: string } | { remove: string | undefined },
): Promise<ReactionDoc | null> {
  await ctx.authz.requireRoom(userId, roomId);
  return commit(ctx, async (rec) => {
    const message = await ctx.store.messages.byId(messageId);
    if (!message || message.room_id !== roomId) throw new AppError('not_found', 'Message not found');
    if ('set' in change) return applyReaction(ctx, rec, userId, message, change.set, nowIso());
    const stored = await ctx.store.reactions.byId(reactionId(messageId, userId));
    if (change.remove !== undefined && stored?.emoji !== change.remove) return null;
    return applyReaction(ctx, rec, userId, message, null, nowIso());
  });
}
