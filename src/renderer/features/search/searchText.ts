/**
 * How message text is cut into searchable words, shared by the index (MiniSearch's tokenizer
 * and term processing) and by the highlighter, so a highlighted word is exactly a word the
 * index matched.
 */

/** Runs of letters and digits; everything else (spaces, punctuation, emoji) separates words. */
const WORD = /[\p{L}\p{N}]+/gu;

/** Case and accents do not matter: "Café" is found by "cafe". */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a text as written (not folded), for MiniSearch's `tokenize`. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** The words of a query, folded, at most 8 (more narrows nothing in a chat message). */
export function queryTerms(query: string): string[] {
  return [...new Set(words(query).map(fold))].slice(0, 8);
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
 * The text of a result cut into plain and matching segments: every word that starts with a
 * query term (the index matches by prefix) is a match. A long message is cut to a snippet
 * around its first match, with "…" where text was left out.
 */
export function highlight(content: string, terms: readonly string[]): Segment[] {
  const ranges: [number, number][] = [];
  for (const m of content.matchAll(WORD)) {
    const folded = fold(m[0]);
    if (terms.some((t) => t.length > 0 && folded.startsWith(t))) ranges.push([m.index, m.index + m[0].length]);
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
