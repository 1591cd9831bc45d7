import { MESSAGE_MAX_CHARS } from '../limits';
import type { MessageKind } from '../schemas/message';

/**
 * The content rules (SPEC §6), one for REST and push and the client's composer alike. Lengths are
 * Unicode code points, so 4,000 emoji are 4,000 characters, as a person counts them.
 */

/** An unpaired UTF-16 surrogate: with the `u` flag a proper pair is one code point and never matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** True when the text holds an unpaired surrogate, which storage would turn into U+FFFD. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** What is stored for a message's content: trimmed, then NFC, once, by whoever writes it first. */
export function normalizeContent(content: string): string {
  return content.trim().normalize('NFC');
}

/**
 * Why `content` is not valid for a message of `kind`, or null when it is: 1 to 4,000 code points
 * after trimming for text; for the other kinds a caption, which may be empty (SPEC §6).
 */
export function messageContentProblem(content: string, kind: MessageKind = 'text'): string | null {
  if (hasLoneSurrogate(content)) return 'message contains invalid Unicode (an unpaired surrogate)';
  const length = codePointLength(normalizeContent(content));
  if (length < 1 && kind === 'text') return 'message is empty';
  if (length > MESSAGE_MAX_CHARS) return `message has more than ${MESSAGE_MAX_CHARS} characters`;
  return null;
}

/** The message content rule as a yes/no, for the composer's Send button and the push path. */
export function isValidMessageContent(content: string, kind: MessageKind = 'text'): boolean {
  return messageContentProblem(content, kind) === null;
}

/** C0 and C1 controls (NUL included); a name or title never needs them. */
const CONTROL = /\p{Cc}/u;
/** Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make text lie about its order. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** Whitespace and characters that render as nothing (zero-width space/joiners, U+FEFF, Hangul fillers…). */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * Why `text` is not a valid display text (a person's name, a job title, a room name), or null.
 * Refused: nothing visible (empty, or only whitespace and zero-width characters), control
 * characters such as NUL, bidi overrides, unpaired surrogates, more than `max` code points.
 */
export function displayTextProblem(text: string, max: number): string | null {
  if (hasLoneSurrogate(text)) return 'contains invalid Unicode';
  if (CONTROL.test(text)) return 'contains control characters';
  if (BIDI_CONTROL.test(text)) return 'contains text-direction override characters';
  if (text.replace(INVISIBLE, '') === '') return 'must contain visible characters';
  if (codePointLength(text.trim()) > max) return `must be at most ${max} characters`;
  return null;
}

/** What is stored for a name or title: trimmed, then NFC, like message content. */
export function normalizeDisplayText(text: string): string {
  return text.trim().normalize('NFC');
}

/** The display-text rule as a yes/no (names, job titles, room names). */
export function isValidDisplayText(text: string, max: number): boolean {
  return displayTextProblem(text, max) === null;
}
