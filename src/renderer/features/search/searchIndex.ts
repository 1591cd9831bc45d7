import MiniSearch, { type Options } from 'minisearch';
import { indexTerm, isSearchable, PREFIX_FROM, queryTerms, words, type MessageState } from './searchText';

export type { MessageState } from './searchText';

/**
 * Bumped when the options below change what is stored, so an index saved by an older build is
 * rebuilt instead of being read with the wrong tokenizer.
 */
export const SEARCH_INDEX_FORMAT = 1;

/** What the index holds per message: its words, and the room (kept, to filter by room). */
export interface IndexedMessage {
  id: string;
  room_id: string;
  content: string;
}

export type MessageIndex = MiniSearch<IndexedMessage>;

const OPTIONS: Options<IndexedMessage> = {
  fields: ['content'],
  storeFields: ['room_id'],
  tokenize: words,
  processTerm: indexTerm,
};

export function createIndex(): MessageIndex {
  return new MiniSearch(OPTIONS);
}

/** An index saved with `JSON.stringify(index)`; yields to the event loop while it loads. */
export function loadIndex(json: string): Promise<MessageIndex> {
  return MiniSearch.loadJSONAsync(json, OPTIONS);
}

/**
 * Brings the index in line with a message's current state: added, replaced (an edit) or
 * removed (soft delete, or the document leaving the device). Idempotent, so a state seen twice
 * (catch-up and the live stream) costs only time.
 */
export function applyMessage(index: MessageIndex, doc: MessageState): void {
  const present = index.has(doc.id);
  if (!isSearchable(doc)) {
    if (present) index.discard(doc.id);
    return;
  }
  const entry = { id: doc.id, room_id: doc.room_id, content: doc.content };
  if (present) index.replace(entry);
  else index.add(entry);
}

export interface Hit {
  id: string;
  room_id: string;
  score: number;
}

/**
 * Messages containing every word of the query, best first; only in `roomId` when given. As in
 * other messengers' search-as-you-type, the last word is the one still being typed and matches
 * as a word prefix ("clea" finds "cleaning"); the words before it are whole words. One or two
 * letters as a prefix would match a large share of the index, so they match whole words only.
 */
export function searchIndex(index: MessageIndex, query: string, roomId?: string | null, limit = 200): Hit[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const results = index.search(terms.join(' '), {
    combineWith: 'AND',
    prefix: (term, i, all) => i === all.length - 1 && term.length >= PREFIX_FROM,
    filter: roomId ? (result) => result.room_id === roomId : undefined,
  });
  return results
    .slice(0, limit)
    .map((r) => ({ id: String(r.id), room_id: String(r.room_id), score: r.score }));
}
