import { newMessageId } from '../../shared/ids';
import { albumProblem, messageBodyProblem, normalizeContent } from '../../shared/rules';
import {
  nowIso,
  PENDING_SERVER_SEQ,
  type MessageAttachment,
  type MessageLocation,
} from '../../shared/schemas';
import type { OutboxEntry } from '../uploads/types';
import { pushAhead } from './actions';
import { getCurrentDb } from './current';
import type { LocalMessageDoc } from './message-codec';

async function insertOnce(doc: LocalMessageDoc): Promise<void> {
  const problem = messageBodyProblem(doc) ?? albumProblem(doc);
  if (problem) throw new Error(`This message cannot be sent: ${problem}.`);
  pushAhead(doc);
  const { db } = getCurrentDb();
  const result = await db.messages.bulkInsert([doc]);
  // 409: this id is already stored (a retry after a restart, or the server's copy came first).
  const failure = result.error.find((err) => err.status !== 409);
  if (failure) throw new Error(`Could not save the message locally (${failure.status}).`);
}

/**
 * Writes the message of an uploaded attachment, with the id fixed when the user pressed Send,
 * so a repeat (after a restart) is the same message and is stored once. Its `created_at` is
 * when it was sent, which may be long before the upload finished (offline).
 */
export function sendAttachmentMessage(entry: OutboxEntry, attachment: MessageAttachment): Promise<void> {
  const { me } = getCurrentDb();
  return insertOnce({
    id: entry.id,
    room_id: entry.room_id,
    sender_id: me,
    content: normalizeContent(entry.content),
    kind: entry.kind,
    created_at: entry.created_at,
    server_seq: PENDING_SERVER_SEQ,
    received_at: null,
    edited_at: null,
    attachment,
    location: null,
    reply_to_id: null,
    album_id: entry.album_id ?? null,
    is_deleted: false,
  });
}

/** Shares a place: nothing to upload, so it is written (and pushed) at once, like text. */
export function sendLocation(roomId: string, location: MessageLocation, caption = ''): Promise<void> {
  const { me } = getCurrentDb();
  return insertOnce({
    id: newMessageId(),
    room_id: roomId,
    sender_id: me,
    content: normalizeContent(caption),
    kind: 'location',
    created_at: nowIso(),
    server_seq: PENDING_SERVER_SEQ,
    received_at: null,
    edited_at: null,
    attachment: null,
    location: { lat: location.lat, lng: location.lng, label: location.label.trim() },
    reply_to_id: null,
    album_id: null,
    is_deleted: false,
  });
}
