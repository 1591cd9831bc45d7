import type { RxCollection } from 'rxdb';
import type { PublicUser } from '../../shared/api';
import { dmRoomId, membershipId, newMessageId } from '../../shared/ids';
import { isValidMessageContent, MESSAGE_MAX_CHARS, TYPING_TTL_MS } from '../../shared/limits';
import { laterOf, nowIso, PENDING_SERVER_SEQ, type RoomDoc, type UserDoc } from '../../shared/schemas';
import { getApi } from '../api/client';
import { useAppStore } from '../store';
import { getCurrentDb } from './current';
import type { CleanchatDatabase } from './database';
import { toUserDoc } from './user-doc';

/**
 * Every action writes to RxDB only and works offline; replication pushes the change when the
 * server is reachable. Message ids are client-generated (UUID v7), so a retried push is a no-op.
 */
export async function sendMessage(roomId: string, content: string): Promise<void> {
  const { db, me } = getCurrentDb();
  const text = content.trim();
  if (!isValidMessageContent(text)) throw new Error(`A message has 1 to ${MESSAGE_MAX_CHARS} characters.`);
  await db.messages.insert({
    id: newMessageId(),
    room_id: roomId,
    sender_id: me,
    content: text,
    kind: 'text',
    created_at: nowIso(),
    server_seq: PENDING_SERVER_SEQ,
    edited_at: null,
    is_deleted: false,
  });
  await markRead(db, me, roomId);
}

/**
 * Moves my read marker to max(now, newest message), so a message stamped ahead by another
 * device's clock is never left unread. Skips the write when nothing is newer than the marker.
 */
async function markRead(db: CleanchatDatabase, me: string, roomId: string): Promise<void> {
  const membership = await db.memberships.findOne(membershipId(roomId, me)).exec();
  if (!membership) return;
  const newest = await db.messages
    .findOne({ selector: { room_id: roomId }, sort: [{ created_at: 'desc' }] })
    .exec();
  if (!newest) return;
  if (membership.last_read_at && membership.last_read_at >= newest.created_at) return;
  const now = nowIso();
  await membership.incrementalModify((doc) => {
    doc.last_read_at = laterOf(laterOf(now, newest.created_at), doc.last_read_at);
    doc.updated_at = now;
    return doc;
  });
}

export async function markRoomRead(roomId: string): Promise<void> {
  const { db, me } = getCurrentDb();
  await markRead(db, me, roomId);
}

async function patchMembership(
  roomId: string,
  patch: { archived?: boolean; muted?: boolean },
): Promise<void> {
  const { db, me } = getCurrentDb();
  const membership = await db.memberships.findOne(membershipId(roomId, me)).exec();
  if (!membership) throw new Error('This conversation has not finished syncing yet. Try again in a moment.');
  await membership.incrementalPatch({ ...patch, updated_at: nowIso() });
}

export function setArchived(roomId: string, archived: boolean): Promise<void> {
  return patchMembership(roomId, { archived });
}

export function setMuted(roomId: string, muted: boolean): Promise<void> {
  return patchMembership(roomId, { muted });
}

/**
 * Opens (creating locally if new) the DM with `peer`. The id is deterministic, so two devices
 * creating it offline converge on one room; the server's state wins any difference.
 */
export async function openDm(peer: PublicUser | UserDoc): Promise<string> {
  const { db, me } = getCurrentDb();
  const roomId = dmRoomId(me, peer.id);
  // Until the server sends the real record, the search result lets the room show a name.
  await insertIfMissing(db.users, toUserDoc(peer));
  const now = nowIso();
  const room: RoomDoc = {
    id: roomId,
    room_type: 'direct',
    name: '',
    job_id: null,
    participant_ids: [me, peer.id].sort(),
    created_by: me,
    created_at: now,
    updated_at: now,
    last_message_content: null,
    last_message_time: null,
    last_message_sender_id: null,
  };
  await insertIfMissing(db.rooms, room);
  return roomId;
}

async function insertIfMissing<T extends { id: string }>(collection: RxCollection<T>, doc: T): Promise<void> {
  if (await collection.findOne(doc.id).exec()) return;
  const result = await collection.bulkInsert([doc]);
  // 409: another tab or the replication inserted it meanwhile, which is just as good.
  const failure = result.error.find((err) => err.status !== 409);
  if (failure) throw new Error(`Could not save to ${collection.name} locally (${failure.status}).`);
}

const TYPING_INTERVAL_MS = Math.floor(TYPING_TTL_MS * 0.6);
const lastTypingSent = new Map<string, number>();

/** Tells the room I am typing, at most every few seconds and only while connected. */
export function notifyTyping(roomId: string): void {
  if (useAppStore.getState().connection !== 'online') return;
  const now = Date.now();
  if (now - (lastTypingSent.get(roomId) ?? 0) < TYPING_INTERVAL_MS) return;
  lastTypingSent.set(roomId, now);
  getApi()
    .sendTyping(roomId)
    .catch(() => undefined);
}
