import type { RxCollection } from 'rxdb';
import type { PublicUser } from '../../shared/api';
import { dmRoomId, membershipId, newMessageId } from '../../shared/ids';
import { TYPING_TTL_MS } from '../../shared/limits';
import { emptyRoom, laterOf, managedRoomId, messageContentProblem, normalizeContent, normalizeDisplayText, readMarker } from '../../shared/rules';
import { nowIso, PENDING_SERVER_SEQ, type UserDoc } from '../../shared/schemas';
import { getApi, getHttp } from '../api/client';
import { useAppStore } from '../store';
import { getCurrentDb, peekCurrentDb } from './current';
import type { CleanchatDatabase } from './database';
import { trackDirectSend } from './direct-send';
import { toWireMessage, type LocalMessageDoc } from './message-codec';
import { holdForPush, mayPushAhead } from './push-order';
import { createReadMarks, type ReadMarks } from './read-marks';
import { newestReceivedAt } from './unread';
import { toUserDoc } from './user-doc';

/**
 * Every action writes to RxDB only and works offline; replication pushes the change when the
 * server is reachable. Message ids are client-generated (UUID v7), so a retried push is a no-op.
 * Sending does not touch my read marker: the server moves it when it stores the message, so one
 * send is one membership change, not two.
 */
export async function sendMessage(roomId: string, content: string, replyToId: string | null = null): Promise<void> {
  const { db, me } = getCurrentDb();
  const problem = messageContentProblem(content);
  if (problem) throw new Error(`This message cannot be sent: ${problem}.`);
  const doc: LocalMessageDoc = {
    id: newMessageId(),
    room_id: roomId,
    sender_id: me,
    content: normalizeContent(content),
    kind: 'text',
    created_at: nowIso(),
    server_seq: PENDING_SERVER_SEQ,
    received_at: null,
    edited_at: null,
    attachment: null,
    location: null,
    is_deleted: false,
    reply_to_id: replyToId,
    album_id: null,
  };
  pushAhead(doc);
  const result = await db.messages.bulkInsert([doc]);
  // 409: the server's copy came back down the stream before the local write: the same message.
  const failure = result.error.find((err) => err.status !== 409);
  if (failure) throw new Error(`Could not save the message locally (${failure.status}).`);
}

/** Direct sends in the order they were made, so two quick messages keep their order on the server. */
let directSends: Promise<unknown> = Promise.resolve();

/**
 * While connected, a new message also goes straight to the server, before the local commit
 * and RxDB's push (which reads replication metadata first) get to it: that was most of the
 * sender's share of send-to-screen latency. The replication's later push of the same document
 * is answered with the server's streamed copy once this one has landed (direct-send.ts); were
 * it sent, the server would take an identical re-push as a no-op, so the message is stored
 * once either way. Failures are left to that push, which retries until it lands. Not while the
 * replication still has an earlier message to push: this one would overtake it (push-order.ts).
 */
export function pushAhead(doc: LocalMessageDoc): void {
  if (useAppStore.getState().connection !== 'online' || !mayPushAhead()) {
    holdForPush(doc.id);
    return;
  }
  const row = { newDocumentState: toWireMessage({ ...doc, _deleted: false }), assumedMasterState: null };
  const sent = directSends.then(() => getHttp().request<unknown[]>('POST', '/api/sync/messages/push', { body: [row] }));
  directSends = sent.catch(() => undefined);
  // Stored when the server answers no conflict; the replication's push is then answered locally.
  trackDirectSend(
    row.newDocumentState,
    sent.then((conflicts) => Array.isArray(conflicts) && conflicts.length === 0, () => false),
  );
}

/**
 * Moves my read marker by the shared rule (`readMarker`: the later of now and the newest
 * message's server time). `shownReceivedAt` is the newest message on screen: a streamed message
 * shows before RxDB has stored it, and reading only the store would leave exactly that message
 * unread. Skips the write when nothing is newer than the marker.
 */
export async function markRead(
  db: CleanchatDatabase,
  me: string,
  roomId: string,
  shownReceivedAt: string | null,
  readAt: string = nowIso(),
): Promise<void> {
  // A spaced write that comes due after sign-out has nothing left to mark.
  if (db.closed) return;
  const membership = await db.memberships.findOne(membershipId(roomId, me)).exec();
  if (!membership) return;
  const newest = laterOf(shownReceivedAt, await newestReceivedAt(db, roomId));
  if (newest === null || (membership.last_read_at !== null && membership.last_read_at >= newest)) return;
  const now = nowIso();
  await membership.incrementalModify((doc) => {
    doc.last_read_at = readMarker(doc.last_read_at, readAt, newest);
    doc.updated_at = now;
    return doc;
  });
}

const readMarksOf = new WeakMap<CleanchatDatabase, ReadMarks>();

/** Writes every spaced read marker still waiting, before the page goes away or out of sight. */
function flushReadMarks(): void {
  const current = peekCurrentDb();
  if (current) readMarksOf.get(current.db)?.flush();
}
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', flushReadMarks);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushReadMarks();
  });
}

/**
 * Marks the room read up to at least the newest message shown (its `received_at`), as of now.
 * A room's markers are spaced (`read-marks.ts`): the first at once, then at most one per
 * READ_MARK_SPACING_MS, covering every call meanwhile.
 */
export function markRoomRead(roomId: string, shownReceivedAt: string | null = null): Promise<void> {
  const { db, me } = getCurrentDb();
  let marks = readMarksOf.get(db);
  if (!marks) readMarksOf.set(db, (marks = createReadMarks()));
  return marks.mark(roomId, shownReceivedAt, nowIso(), (shown, readAt) => markRead(db, me, roomId, shown, readAt));
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
  const room = emptyRoom({
    id: roomId,
    room_type: 'direct',
    participant_ids: [me, peer.id],
    created_by: me,
    now: nowIso(),
  });
  await insertIfMissing(db.rooms, room);
  return roomId;
}

/**
 * Makes a group with me as its owner (SPEC §10). Its id is made here, so the same group is made
 * once however it reaches the server: at once over REST while connected, or, offline, as the
 * local room document that replication pushes when the connection returns. The server then sends
 * the memberships, with my owner role, and its opening notice.
 */
export async function createGroup(name: string, people: ReadonlyArray<PublicUser | UserDoc>): Promise<string> {
  const { db, me } = getCurrentDb();
  for (const person of people) await insertIfMissing(db.users, toUserDoc(person));
  const local = emptyRoom({
    id: managedRoomId('group'),
    room_type: 'group',
    name: normalizeDisplayText(name),
    participant_ids: [me, ...people.map((p) => p.id)],
    created_by: me,
    now: nowIso(),
  });
  const room =
    useAppStore.getState().connection === 'online'
      ? await getApi().createRoom({ room_type: 'group', id: local.id, name: local.name, participant_ids: local.participant_ids })
      : local;
  await insertIfMissing(db.rooms, room);
  return room.id;
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
