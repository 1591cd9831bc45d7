import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useCurrentDb } from '../../db/current';
import { toMessageDoc, type LocalMessageDoc } from '../../db/message-codec';
import type { MessageDoc } from '../../../shared/schemas';
import { useIndexer } from './runtime';
import { isSearchable } from './searchText';

export interface ResultGroup {
  roomId: string;
  /** Newest first. */
  messages: MessageDoc[];
}

export interface SearchResults {
  /** `indexing` until the index has caught up with what is on the device (results may be partial). */
  status: 'indexing' | 'searching' | 'ready';
  groups: ResultGroup[];
  total: number;
  /** The query these results are for (typing runs ahead of them). */
  query: string;
}

const NONE: MessageDoc[] = [];
const when = (m: MessageDoc) => m.received_at ?? m.created_at;

/**
 * Group the hits by conversation: conversations in the order of their best match, each one's
 * messages newest first (as a messenger lists them).
 */
export function groupResults(ordered: readonly MessageDoc[]): ResultGroup[] {
  const groups = new Map<string, MessageDoc[]>();
  for (const m of ordered) groups.set(m.room_id, [...(groups.get(m.room_id) ?? []), m]);
  return [...groups].map(([roomId, messages]) => ({ roomId, messages: messages.sort((a, b) => when(b).localeCompare(when(a))) }));
}

/**
 * Messages on this device matching `query`, everywhere or in one room. The index answers with
 * ids; the messages themselves are read from the store, so what is shown is always the stored
 * text, and an id the store no longer has (purged while the app was closed) leaves the index.
 */
export function useMessageSearch(query: string, roomId: string | null): SearchResults {
  const { db } = useCurrentDb();
  const index = useIndexer();
  const { indexer } = index;
  const deferred = useDeferredValue(query);
  const hits = useMemo(() => (index.indexer && deferred.trim() ? index.indexer.search(deferred, roomId) : []), [index, deferred, roomId]);
  const [found, setFound] = useState<{ hits: typeof hits; docs: MessageDoc[] } | null>(null);

  useEffect(() => {
    let cancelled = false;
    if (hits.length === 0) return;
    void db.messages.findByIds(hits.map((h) => h.id)).exec().then((docs) => {
      if (cancelled) return;
      const shown: MessageDoc[] = [];
      for (const hit of hits) {
        const doc = docs.get(hit.id);
        const local = doc?.toJSON() as LocalMessageDoc | undefined;
        if (local && isSearchable(local)) shown.push(toMessageDoc(local));
        else indexer?.forget(hit.id);
      }
      setFound({ hits, docs: shown });
    });
    return () => {
      cancelled = true;
    };
  }, [db, hits, indexer]);

  const docs = hits.length === 0 ? NONE : found?.hits === hits ? found.docs : null;
  const groups = useMemo(() => (docs ? groupResults(docs) : []), [docs]);
  const status = !indexer || !indexer.isReady() ? 'indexing' : docs === null ? 'searching' : 'ready';
  return { status, groups, total: docs?.length ?? 0, query: deferred };
}
