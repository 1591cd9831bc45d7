import type { ChangeRecorder } from '../db/store';
import { AppError } from '../errors';
import {
  deletedMessage,
  editedMessage,
  isMessageId,
  isUnread,
  MESSAGE_PAGE_SIZE,
  messageActionProblem,
  messagePreview,
  newMessageId,
  normalizeAttachment,
  normalizeContent,
  normalizeLocation,
  nowIso,
  readMarker,
  type MessageAttachment,
  type MessageDoc,
  type MessageKind,
  type MessageLocation,
  type MessagePage,
  type RoomDoc,
  SYSTEM_KIND,
} from '../shared';
import { commit, type Ctx } from './context';

export interface NewMessage {
  id: string;
  room: RoomDoc;
  senderId: string;
  content: string;
  kind: MessageKind;
  createdAt: string;
  attachment: MessageAttachment | null;
  location: MessageLocation | null;
  /** Checked with `replyTargetProblem` before the insert. */
  replyToId: string | null;
  /** Checked with the album rule (`albumProblem`) before the insert; none when absent. */
  albumId?: string | null;
}

/** Why `replyToId` may not be quoted by a message of `roomId`, or null (SPEC §9: a message of the same room). */
export async function replyTargetProblem(ctx: Ctx, roomId: string, replyToId: string | null): Promise<string | null> {
  return replyToId === null ? null : replyProblem(roomId, await ctx.store.messages.byId(replyToId));
}

/** `replyTargetProblem` with the quoted message already read (`undefined`: it does not exist). */
export const replyProblem = (roomId: string, target: Pick<MessageDoc, 'room_id'> | undefined): string | null =>
  target && target.room_id === roomId ? null : 'reply_to_id must name a message of the same room';

/**
 * Stores a new message inside the caller's transaction: assigns `server_seq` and `received_at`
 * (the server's clock, which orders the room list and decides unread), updates the room's
 * last-message fields, marks the room read for the sender (the client does not push that
 * itself, so one send is one membership change), and un-archives it for recipients who have not
 * muted it (SPEC §2). `createdAt` must already be strictly parsed and clamped.
 */
export async function insertMessage(ctx: Ctx, rec: ChangeRecorder, input: NewMessage, now: string): Promise<MessageDoc> {
  return (await insertMessages(ctx, rec, [input], now))[0] as MessageDoc;
}

/**
 * `insertMessage` for many messages, with the same effects as inserting them one after another,
 * in a number of statements that does not grow with their number (docs/server.md, "Batched
 * writes"): the positions, one multi-row insert, one room update per room, one lock of the rooms'
 * memberships and one update of every membership that moved, each by its whole share of the batch.
 */
export async function insertMessages(ctx: Ctx, rec: ChangeRecorder, inputs: readonly NewMessage[], now: string): Promise<MessageDoc[]> {
  if (inputs.length === 0) return [];
  const { store } = ctx;
  const seqs = await store.nextServerSeqs(inputs.length);
  const msgs: MessageDoc[] = inputs.map((input, i) => ({
    id: input.id,
    room_id: input.room.id,
    sender_id: input.senderId,
    content: normalizeContent(input.content),
    kind: input.kind,
    created_at: input.createdAt,
    server_seq: seqs[i] as number,
    received_at: now,
    edited_at: null,
    deleted: false,
    attachment: input.attachment && normalizeAttachment(input.attachment),
    location: input.location && normalizeLocation(input.location),
    reply_to_id: input.replyToId,
    album_id: input.albumId ?? null,
  }));
  const rooms = new Map(inputs.map((i) => [i.room.id, i.room]));
  // Rooms in id order, then their memberships (in id order): every writer locks in this order.
  // The rooms' previews are written before the messages: the messages' foreign keys share-lock
  // the room row, and on PostgreSQL updating a row this transaction already share-locked costs
  // 2.4 to 9 ms where the update first costs 0.6 to 2.3 (docs/server.md, "Batched writes").
  const roomIds = [...rooms.keys()].sort();
  for (const roomId of roomIds) {
    const room = rooms.get(roomId) as RoomDoc;
    const inRoom = msgs.filter((m) => m.room_id === roomId);
    const last = inRoom.at(-1) as MessageDoc;
    // The room's preview is the message's one-line text ("Photo: caption"), by the app's own rule.
    await store.rooms.setLastMessage(roomId, { ...last, content: messagePreview(last) }, now);
    // A resolved support request opens again when its requester writes (SPEC §10).
    if (room.room_type === 'support' && inRoom.some((m) => m.sender_id === room.created_by && m.kind !== SYSTEM_KIND)) {
      await store.rooms.setStatus(roomId, 'open', now);
    }
  }
  await store.messages.insertMany(msgs);
  for (const msg of msgs) if (msg.attachment) await store.attachments.touch(msg.attachment.id, now);
  const members = await store.memberships.activeInRoomsForUpdate(roomIds);
  const states = members.map((m) => ({ before: m, after: m, unread: 0 }));
  for (const msg of msgs) {
    for (const s of states) {
      if (s.before.room_id !== msg.room_id) continue;
      const m = s.after;
      // The member's unread counter moves in this transaction, by the one unread rule.
      s.unread += isUnread(msg, m.user_id, m.last_read_at) ? 1 : 0;
      s.after =
        m.user_id === msg.sender_id
          ? { ...m, last_read_at: readMarker(m.last_read_at, now, msg.received_at) }
          : { ...m, archived: m.archived === 1 && m.muted === 0 ? 0 : m.archived };
    }
  }
  const writes = [];
  for (const { before, after, unread } of states) {
    const visible = after.last_read_at !== before.last_read_at || after.archived !== before.archived;
    if (!visible && unread === 0) continue;
    writes.push({ row: visible ? { ...after, updated_at: now } : before, unreadDelta: unread });
    if (visible) rec.changed('memberships', before.id);
  }
  await store.memberships.updateMany(writes);
  // Last: the sender's counter is the last lock a send takes (after rooms, then memberships).
  await store.messages.countSent(msgs);
  for (const msg of msgs) rec.changed('messages', msg.id);
  for (const roomId of rooms.keys()) rec.changed('rooms', roomId);
  return msgs;
}

/**
 * Applies an edit or soft delete of the sender's own message by the shared rules (the last edit
 * in server order wins; a delete clears every payload field: content, attachment and location,
 * so the attachment becomes collectable); the room preview follows.
 */
export async function updateMessage(
  ctx: Ctx,
  rec: ChangeRecorder,
  existing: MessageDoc,
  next: { content: string } | { deleted: true },
  now: string,
) {
  const { store } = ctx;
  const updated = 'deleted' in next ? deletedMessage(existing, now) : editedMessage(existing, next.content, now);
  // A delete takes the message out of its readers' unread counters, in this transaction; the
  // room is locked first, as every writer locks a room before its memberships.
  if (updated.deleted !== existing.deleted) {
    await store.rooms.byIdForUpdate(existing.room_id);
    const writes = (await store.memberships.activeInRoomForUpdate(existing.room_id)).map((m) => ({
      row: m,
      unreadDelta: Number(isUnread(updated, m.user_id, m.last_read_at)) - Number(isUnread(existing, m.user_id, m.last_read_at)),
    }));
    await store.memberships.updateMany(writes.filter((w) => w.unreadDelta !== 0));
  }
  await store.messages.update(updated);
  rec.changed('messages', existing.id);
  const last = await store.messages.last(existing.room_id);
  if (last?.id === existing.id) {
    const room = (await store.rooms.byIdForUpdate(existing.room_id)) as RoomDoc;
    await store.rooms.update({ ...room, last_message_content: messagePreview(updated), updated_at: now });
    rec.changed('rooms', room.id);
  }
  return updated;
}

/**
 * PATCH (`{content}`) or DELETE of `/rooms/:id/messages/:messageId/`: only the sender, only while
 * the message is not deleted. Repeating the same edit, or deleting a deleted message, changes
 * nothing and answers the stored message.
 */
export async function changeMessage(
  ctx: Ctx,
  callerId: string,
  roomId: string,
  messageId: string,
  next: { content: string } | { deleted: true },
): Promise<MessageDoc> {
  await ctx.authz.requireRoom(callerId, roomId);
  return commit(ctx, async (rec) => {
    // Locked: an edit racing a delete on another instance must not write back what it read before.
    const existing = await ctx.store.messages.byIdForUpdate(messageId);
    if (!existing || existing.room_id !== roomId) throw new AppError('not_found', 'Message not found');
    if (existing.sender_id !== callerId || existing.kind === SYSTEM_KIND) {
      throw new AppError('forbidden', 'Only the sender can change a message, and nobody a notice');
    }
    if ('deleted' in next && existing.deleted) return existing;
    if (messageActionProblem(existing, callerId)) throw new AppError('message_deleted', 'The message has been deleted');
    if ('content' in next && normalizeContent(next.content) === existing.content) return existing;
    return updateMessage(ctx, rec, existing, next, nowIso());
  });
}

/** POST /rooms/:id/messages/: idempotent by message id. */
export async function postMessage(
  ctx: Ctx,
  callerId: string,
  roomId: string,
  body: { id?: string; content: string; reply_to_id?: string | null },
): Promise<MessageDoc> {
  const room = await ctx.authz.requireRoom(callerId, roomId);
  if (!(await ctx.authz.mayPost(callerId, room))) {
    throw new AppError('posting_restricted', 'Only support staff post in this announcement room');
  }
  if (body.id !== undefined && !isMessageId(body.id)) {
    throw new AppError('validation_failed', 'Invalid request: id must be a UUID v7 or a ULID');
  }
  const id = body.id ?? newMessageId();
  return commit(ctx, async (rec) => {
    // Inside the transaction: a retry after a concurrent insert of the same id finds it here.
    const existing = await ctx.store.messages.byId(id);
    if (existing) {
      if (existing.sender_id === callerId && existing.room_id === roomId) return existing;
      throw new AppError('message_id_conflict', 'A different message already uses this id');
    }
    const replyToId = body.reply_to_id ?? null;
    const problem = await replyTargetProblem(ctx, roomId, replyToId);
    if (problem) throw new AppError('validation_failed', `Invalid request: ${problem}`);
    const now = nowIso();
    const input = { id, room, senderId: callerId, content: body.content, kind: 'text' as const, createdAt: now };
    return insertMessage(ctx, rec, { ...input, attachment: null, location: null, replyToId }, now);
  });
}

/** Cursor pages, newest first: `next` is an opaque cursor for `?before=`. */
export async function messagePage(
  ctx: Ctx,
  callerId: string,
  roomId: string,
  before: string | undefined,
  limitText: string | undefined,
): Promise<MessagePage> {
  await ctx.authz.requireRoom(callerId, roomId);
  const limit = parseLimit(limitText);
  const beforeSeq = before === undefined || before === '' ? Number.MAX_SAFE_INTEGER : decodeCursor(before);
  const rows = await ctx.store.messages.page(roomId, beforeSeq, limit + 1);
  const results = rows.slice(0, limit);
  const last = results.at(-1);
  return { results, next: rows.length > limit && last ? encodeCursor(last.server_seq) : null };
}

function parseLimit(text: string | undefined): number {
  if (text === undefined || text === '') return MESSAGE_PAGE_SIZE;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new AppError('validation_failed', 'Invalid request: limit must be a positive integer');
  return Math.min(n, MESSAGE_PAGE_SIZE);
}

const encodeCursor = (seq: number) => Buffer.from(JSON.stringify({ s: seq })).toString('base64url');

function decodeCursor(cursor: string): number {
  try {
    const { s } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof s === 'number' && Number.isInteger(s) && s > 0) return s;
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation_failed', 'Invalid request: before is not a valid cursor');
}
