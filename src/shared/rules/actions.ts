import { EMOJI_MAX_UNITS } from '../schemas/reaction';
import { laterOf } from '../schemas/common';
import { SYSTEM_KIND } from '../schemas/message';
import { hasLoneSurrogate, normalizeContent } from './content';

/**
 * The message actions of SPEC §9 as plain rules, applied by the server to what it stores and by
 * the app to its local copy, so both sides agree on what an edit or a delete leaves behind.
 */

/** The fields a message action looks at. */
export interface ActionFields {
  sender_id: string;
  deleted: boolean;
  edited_at: string | null;
}

/**
 * What a delete keeps: who wrote it, where, when, its place in the server's order and what it
 * replied to. Every other field is payload (content, and attachment and location where a message
 * carries them) and is cleared, so a field added later is cleared without touching this rule.
 */
const KEPT_ON_DELETE: ReadonlySet<string> = new Set([
  'id', 'room_id', 'sender_id', 'kind', 'created_at', 'server_seq', 'received_at', 'edited_at', 'deleted', 'reply_to_id',
  // A deleted photo stays in its album, so the grid drops its tile instead of splitting in two.
  'album_id',
]);

/**
 * Why `editor` may not edit or delete `message`, or null when they may: only the sender, never
 * after a delete, and never a server-written notice ("Alice added Dave"), whose sender is the
 * person who made the change.
 */
export function messageActionProblem(message: Pick<ActionFields, 'sender_id' | 'deleted'> & { kind?: string }, editor: string): string | null {
  if (message.kind === SYSTEM_KIND) return 'a notice cannot be changed';
  if (message.sender_id !== editor) return 'only the sender can change a message';
  if (message.deleted) return 'the message has been deleted';
  return null;
}

/**
 * The time an edit or delete is stamped with: the server's clock (`now`), never before an
 * earlier edit, so `edited_at` only moves forward in server order even if instance clocks differ.
 */
export function editStamp(previous: string | null, now: string): string {
  return laterOf(now, previous);
}

/**
 * A message after an edit. The last edit in server order wins: each edit the server accepts
 * replaces the text, whatever state the editing device last saw, so two devices that edited
 * offline both end up with the text of whichever edit reached the server last.
 */
export function editedMessage<T extends ActionFields & { content: string }>(message: T, content: string, now: string): T {
  return { ...message, content: normalizeContent(content), edited_at: editStamp(message.edited_at, now) };
}

/**
 * A message after a delete (soft: `deleted: true`): every payload field cleared, text to '' and
 * anything else to null. Fields starting with `_` belong to replication and are left alone.
 */
export function deletedMessage<T extends ActionFields>(message: T, now: string): T {
  const out: Record<string, unknown> = { ...(message as object) };
  for (const [key, value] of Object.entries(out)) {
    if (KEPT_ON_DELETE.has(key) || key.startsWith('_')) continue;
    out[key] = typeof value === 'string' ? '' : null;
  }
  return { ...(out as T), deleted: true, edited_at: editStamp(message.edited_at, now) };
}

/** The quick row of reactions, in the order shown. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '🙏', '✅'] as const;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** A pictograph, a flag (two regional indicators) or a keycap (1️⃣). */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|\u20E3/u;

/** Why `emoji` is not exactly one emoji, or null when it is (SPEC §2: a reaction is one emoji). */
export function emojiProblem(emoji: string): string | null {
  if (emoji === '') return 'emoji is required';
  if (emoji.length > EMOJI_MAX_UNITS || hasLoneSurrogate(emoji)) return 'emoji must be exactly one emoji';
  let count = 0;
  for (const _ of graphemes.segment(emoji)) count++;
  if (count !== 1 || !EMOJI.test(emoji)) return 'emoji must be exactly one emoji';
  return null;
}

export const isSingleEmoji = (emoji: string): boolean => emojiProblem(emoji) === null;
