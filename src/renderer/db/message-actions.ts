import { reactionId } from '../../shared/ids';
import {
  deletedMessage,
  editedMessage,
  emojiProblem,
  messageActionProblem,
  messageContentProblem,
  normalizeContent,
} from '../../shared/rules';
import { nowIso, PENDING_SERVER_SEQ, type MessageDoc } from '../../shared/schemas';
import { getCurrentDb } from './current';
import { toLocalMessage, toMessageDoc, type LocalMessageDoc } from './message-codec';

/**
 * Edit, delete and react (SPEC §9), written locally first like every action and pushed by the
 * replication; they work offline. The shared rules decide what an edit or a delete leaves, so the
 * device shows at once what the server will store (its `edited_at` then replaces ours).
 */
async function changeOwnMessage(messageId: string, change: (doc: MessageDoc, now: string) => MessageDoc): Promise<void> {
  const { db, me } = getCurrentDb();
  const stored = await db.messages.findOne(messageId).exec();
  if (!stored) throw new Error('This message is not on this device any more.');
  const problem = messageActionProblem(toMessageDoc(stored.toJSON() as LocalMessageDoc), me);
  if (problem) throw new Error(`This message cannot be changed: ${problem}.`);
  await stored.incrementalModify((local) => ({ ...local, ...toLocalMessage(change(toMessageDoc(local), nowIso())) }));
}

/** Replaces the text of my message; the same text again writes nothing. */
export async function editMessage(messageId: string, content: string): Promise<void> {
  const problem = messageContentProblem(content);
  if (problem) throw new Error(`This message cannot be saved: ${problem}.`);
  await changeOwnMessage(messageId, (doc, now) =>
    normalizeContent(content) === doc.content ? doc : editedMessage(doc, content, now),
  );
}

/** Deletes my message for everyone: every payload field is cleared on this device at once. */
export async function deleteMessage(messageId: string): Promise<void> {
  await changeOwnMessage(messageId, (doc, now) => deletedMessage(doc, now));
}

/**
 * My one reaction to a message: a new emoji sets it, the same emoji again removes it (the
 * document is deleted, and so it is for everyone once pushed). Returns what it did.
 */
export async function toggleReaction(message: MessageDoc, emoji: string): Promise<'added' | 'removed'> {
  const problem = emojiProblem(emoji);
  if (problem) throw new Error(`That reaction cannot be used: ${problem}.`);
  if (message.deleted || message.server_seq === PENDING_SERVER_SEQ) {
    throw new Error('You can react once the message has been sent.');
  }
  const { db, me } = getCurrentDb();
  const id = reactionId(message.id, me);
  const existing = await db.reactions.findOne(id).exec();
  if (existing?.emoji === emoji) {
    await existing.remove();
    return 'removed';
  }
  const doc = { id, message_id: message.id, room_id: message.room_id, user_id: me, emoji, updated_at: nowIso() };
  await db.reactions.upsert(doc);
  return 'added';
}
