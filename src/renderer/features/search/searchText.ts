/**
 * How message text is cut into searchable words, shared by the index (MiniSearch's tokenizer
 * and term processing) and by the highlighter, so a highlighted word is exactly a word the
 * index matched.
 */

/**
 * The commonest English words, which are neither indexed nor searched for (MiniSearch's own
 * advice for large indexes): each is in a large share of all messages, so a query containing
 * one would walk most of the index while narrowing nothing. The app is in English; these are
 * the function words at the top of every English frequency list.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about after all also am an and any are as at be because been but by can could did do does ' +
    'for from had has have he her here him his how i if in into is it its just me my no not now of ' +
    'on or our out over she so some than that the their them then there these they this those to ' +
    'too up us very was we were what when where which while who why will with would you your'
  ).split(' '),
);

/** Runs of letters and digits; everything else (spaces, punctuation, emoji) separates words. */
const WORD = /[\p{L}\p{N}]+/gu;

/** Case and accents do not matter: "Café" is found by "cafe". */
export function fold(text: string): string {
  // Most words are plain ASCII, where only case needs folding (the index folds every word).
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const ASCII = /^[\u0020-\u007e]*$/;

/** The words of a text as written (not folded), for MiniSearch's `tokenize`. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** A word as the index keeps it: folded, or null for a stop word, which is not kept. */
export function indexTerm(word: string): string | null {
  const folded = fold(word);
  return folded && !STOP_WORDS.has(folded) ? folded : null;
}

/** The words of a query as the index keeps them, at most 8 (more narrows nothing in a chat message). */
export function queryTerms(query: string): string[] {
  const terms = words(query).map(indexTerm).filter((t): t is string => t !== null);
  return [...new Set(terms)].slice(0, 8);
}

/** The last word of a query counts as a prefix from this many letters on (see searchIndex). */
export const PREFIX_FROM = 3;

/**
 * Whether a (folded) word of a message matches a query, by the index's rule: the words before
 * the last are whole words, the last one (still being typed) a prefix from PREFIX_FROM letters.
 */
export function wordMatcher(terms: readonly string[]): (word: string) => boolean {
  const whole = new Set(terms);
  const last = terms[terms.length - 1] ?? '';
  const prefix = last.length >= PREFIX_FROM ? last : null;
  return (word) => whole.has(word) || (prefix !== null && word.startsWith(prefix));
}

export interface Segment {
  text: string;
  match: boolean;
}

/** Characters shown before the first match when a long message is cut down to a snippet. */
const LEAD = 40;
/** Longest snippet shown for one result. */
const SNIPPET = 200;

/**
 * The text of a result cut into plain and matching segments (the words `wordMatcher` accepts). A long message is cut to a snippet
 * around its first match, with "…" where text was left out.
 */
export function highlight(content: string, query: string): Segment[] {
  const matches = wordMatcher(queryTerms(query));
  const ranges: [number, number][] = [];
  for (const m of content.matchAll(WORD)) {
    if (matches(fold(m[0]))) ranges.push([m.index, m.index + m[0].length]);
  }
  const firstStart = ranges[0]?.[0] ?? 0;
  let from = content.length > SNIPPET ? Math.max(0, firstStart - LEAD) : 0;
  // Start on a word boundary so the snippet does not open mid-word.
  if (from > 0) {
    const space = content.lastIndexOf(' ', from);
    from = space >= 0 && firstStart - space <= LEAD * 2 ? space + 1 : from;
  }
  const to = Math.min(content.length, from + SNIPPET);
  const segments: Segment[] = [];
  if (from > 0) segments.push({ text: '…', match: false });
  let at = from;
  for (const [start, end] of ranges) {
    if (end <= from || start >= to) continue;
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (s > at) segments.push({ text: content.slice(at, s), match: false });
    segments.push({ text: content.slice(s, e), match: true });
    at = e;
  }
  if (at < to) segments.push({ text: content.slice(at, to), match: false });
  if (to < content.length) segments.push({ text: '…', match: false });
  return segments;
}

/** The fields of a stored message the index cares about (local or shared shape, or a tombstone). */
export interface MessageState {
  id: string;
  room_id: string;
  content: string;
  is_deleted?: boolean;
  deleted?: boolean;
  _deleted?: boolean;
}

/** Whether a message should be findable: present, not soft-deleted, with some text. */
export function isSearchable(doc: MessageState): boolean {
  return !doc._deleted && !doc.is_deleted && !doc.deleted && doc.content.trim() !== '';
}
