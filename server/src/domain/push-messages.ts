import type { ChangeRecorder } from '../db/store';
import {
  albumProblem,
  ALBUM_MAX_PHOTOS,
  clampCreatedAt,
  isMessageId,
  isValidMessageBody,
  messageActionProblem,
  normalizeAttachment,
  normalizeContent,
  normalizeLocation,
  type MessageDoc,
  type PushRow,
  type RoomDoc,
  type WireDoc,
  SYSTEM_KIND,
  PENDING_SERVER_SEQ,
} from '../shared';
import type { Ctx } from './context';
import { sameFields } from './push-validation';
import { insertMessages, replyProblem, updateMessage, type NewMessage } from './messages';
import { ensureDm } from './rooms';

/** The fields a client writes; a replay that matches these is not a conflict. */
const MESSAGE_CLIENT_FIELDS = [
  'room_id', 'sender_id', 'content', 'kind', 'created_at', 'deleted', 'attachment', 'location', 'reply_to_id', 'album_id',
] as const;
const MESSAGE_IMMUTABLE = ['room_id', 'sender_id', 'kind', 'created_at', 'reply_to_id', 'album_id'] as const;
/** An edit changes the caption only; the attachment or location goes only with a delete (SPEC §9). */
const MESSAGE_BODY = ['attachment', 'location'] as const;

/** The pushed document as the server would store it, for comparing a replay with the stored state. */
const normalized = (doc: MessageDoc): MessageDoc => ({
  ...doc,
  content: normalizeContent(doc.content),
  attachment: doc.attachment && normalizeAttachment(doc.attachment),
  location: doc.location && normalizeLocation(doc.location),
});

/**
 * A push of messages inside the caller's transaction, with the effects of applying its rows one
 * after another, in a number of statements that does not grow with the batch (docs/server.md,
 * "Batched writes"). What the rows need is read at once: their stored messages (locked until
 * commit, so an edit racing a delete cannot write back a copy read before it), the messages they
 * quote, their rooms, the caller's memberships and role. A run of new messages is stored by one
 * `insertMessages`; any other row (an edit, a delete, a replay of a row earlier in the batch)
 * first stores the run before it, so it sees exactly what it would have one row at a time.
 * Returns the refused rows' documents, in order.
 */
export async function pushMessages(
  ctx: Ctx,
  rec: ChangeRecorder,
  userId: string,
  rows: readonly PushRow<'messages'>[],
  now: string,
): Promise<WireDoc<'messages'>[]> {
  const { store, authz } = ctx;
  const docs = rows.map((r) => r.newDocumentState);
  const stored = new Map((await store.messages.byIdsForUpdate(docs.map((d) => d.id))).map((m) => [m.id, m]));
  const quoted = docs.map((d) => d.reply_to_id).filter((id): id is string => id !== null && !stored.has(id));
  const targets = new Map((quoted.length > 0 ? await store.messages.byIds(quoted) : []).map((m) => [m.id, m]));
  const roomIds = [...new Set([...docs.map((d) => d.room_id), ...[...stored.values()].map((m) => m.room_id)])];
  const rooms = new Map((await store.rooms.byIds(roomIds)).map((r) => [r.id, r]));
  const member = await authz.memberOf(userId, roomIds);
  const postable = await authz.postableRooms(userId, [...rooms.values()]);

  const refused: WireDoc<'messages'>[] = [];
  const pending = new Map<string, NewMessage>();
  const storePending = async () => {
    if (pending.size === 0) return;
    for (const m of await insertMessages(ctx, rec, [...pending.values()], now)) stored.set(m.id, m);
    pending.clear();
  };

  /** The new message to store, or null when the row is refused (as `pushMessage` decides for one). */
  const newMessage = async (doc: WireDoc<'messages'>): Promise<NewMessage | null> => {
    if (doc._deleted || doc.deleted || doc.sender_id !== userId || !isMessageId(doc.id)) return null;
    if (!isValidMessageBody(doc) || doc.kind === SYSTEM_KIND) return null;
    if (doc.attachment && !(await authz.mayAttach(userId, doc.attachment))) return null;
    let room: RoomDoc | undefined = rooms.get(doc.room_id);
    if (!room) {
      const pair = await authz.dmPairFor(userId, doc.room_id);
      if (!pair) return null;
      room = (await ensureDm(ctx, rec, pair, userId, now)).room;
      rooms.set(doc.room_id, room);
      if (await authz.isMember(userId, room.id)) member.add(room.id);
      if (await authz.mayPost(userId, room)) postable.add(room.id);
    }
    if (!member.has(room.id) || !postable.has(room.id)) return null;
    const replyTo = doc.reply_to_id;
    if (replyTo !== null && replyProblem(room.id, stored.get(replyTo) ?? targets.get(replyTo) ?? quotedPending(replyTo))) return null;
    const album = { kind: doc.kind, room_id: room.id, sender_id: userId, album_id: doc.album_id };
    if (album.album_id !== null && albumProblem(album, await albumMembers(album.album_id))) return null;
    const { content, kind, attachment, location } = doc;
    const createdAt = clampCreatedAt(doc.created_at, now);
    const albumId = doc.album_id;
    return { id: doc.id, room, senderId: userId, content, kind, createdAt, attachment, location, replyToId: replyTo, albumId };
  };
  // The photos already stored in an album, read once per album in the batch (rules/albums.ts).
  const albums = new Map<string, Array<{ room_id: string; sender_id: string }>>();
  const albumMembers = async (albumId: string) => {
    let members = albums.get(albumId);
    if (!members) albums.set(albumId, (members = await store.messages.albumMembers(albumId, ALBUM_MAX_PHOTOS)));
    const inBatch = [...pending.values()].filter((p) => p.albumId === albumId).map((p) => ({ room_id: p.room.id, sender_id: p.senderId }));
    return [...members, ...inBatch];
  };
  const quotedPending = (id: string) => {
    const input = pending.get(id);
    return input && { room_id: input.room.id };
  };

  for (const doc of docs) {
    // The same id again in one batch: it applies to the message the earlier row stores.
    if (pending.has(doc.id)) await storePending();
    const existing = stored.get(doc.id);
    if (!existing) {
      const input = await newMessage(doc);
      if (input) pending.set(input.id, input);
      else refused.push(doc);
      continue;
    }
    await storePending();
    const outcome = await changeStored(ctx, rec, userId, doc, existing, member, now);
    if (outcome === false) refused.push(doc);
    else stored.set(existing.id, outcome);
  }
  await storePending();
  return refused;
}

/**
 * A row for a message that is stored: a harmless replay, or an edit or delete of the caller's
 * own. Edits are not checked against the assumed master state: the last edit in server order
 * wins (SPEC §9), so two devices that edited offline converge on whichever reached the server
 * last instead of one of them being dropped. Returns the message as it now is, or false (refused).
 */
async function changeStored(
  ctx: Ctx,
  rec: ChangeRecorder,
  userId: string,
  doc: WireDoc<'messages'>,
  existing: MessageDoc,
  member: Set<string>,
  now: string,
): Promise<MessageDoc | false> {
  if (!member.has(existing.room_id) || doc._deleted) return false;
  // The server stores content normalised; a replay of the same text in another form is the same write.
  // Replaying the create itself (still pending on the client: server_seq 0) stores nothing, but is
  // answered with the stored state: the client's replication may have dropped the streamed copy
  // while its own push was pending, and this answer is how it learns the message's place.
  if (sameFields<MessageDoc>(normalized(doc), existing, MESSAGE_CLIENT_FIELDS)) {
    return doc.server_seq === PENDING_SERVER_SEQ ? false : existing;
  }
  if (messageActionProblem(existing, userId)) return false;
  if (!sameFields<MessageDoc>(doc, existing, MESSAGE_IMMUTABLE)) return false;
  if (doc.deleted) return updateMessage(ctx, rec, existing, { deleted: true }, now);
  if (!(sameFields<MessageDoc>(normalized(doc), existing, MESSAGE_BODY) && isValidMessageBody(doc))) return false;
  return updateMessage(ctx, rec, existing, { content: doc.content }, now);
}
