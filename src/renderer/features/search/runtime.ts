import { useEffect, useSyncExternalStore } from 'react';
import type { CleanchatDatabase } from '../../db/database';
import { useCurrentDb } from '../../db/current';
import { firstSyncDone } from '../../db/first-sync-state';
import { idleSlices } from './idle';
import { removeSavedIndex } from './indexStore';
import type { SearchIndexer } from './indexer';

/**
 * The one search index of the signed-in user. It outlives the screens (it follows the database,
 * not a component), and this module imports neither MiniSearch nor RxDB, so the session can
 * forget the index at sign-out without loading them.
 */
let current: { db: CleanchatDatabase; userId: string; indexer: SearchIndexer } | null = null;
/** What screens see: a new object whenever the index or its contents change. */
let snapshot: IndexSnapshot = { indexer: null };
const subscribers = new Set<() => void>();

export interface IndexSnapshot {
  indexer: SearchIndexer | null;
}

function bump(): void {
  snapshot = { indexer: current?.indexer ?? null };
  subscribers.forEach((notify) => notify());
}

/** The IndexedDB database holding a user's saved search index. */
export function searchStoreName(userId: string): string {
  return `cleanchat-search-${encodeURIComponent(userId)}`;
}

/** Starts the index for this database once (MiniSearch is a chunk of its own, loaded here). */
export async function ensureSearchIndexer(db: CleanchatDatabase, userId: string): Promise<SearchIndexer> {
  if (current?.db === db) return current.indexer;
  if (current) await current.indexer.stop();
  const { startIndexer } = await import('./indexer');
  if (current?.db === db) return current.indexer;
  const indexer = startIndexer(db, { storeName: searchStoreName(userId) });
  current = { db, userId, indexer };
  indexer.onChange(bump);
  bump();
  return indexer;
}

/** Sign-out: stops the index without saving and removes what was saved of it. */
export async function forgetSearchIndex(userId: string): Promise<void> {
  const running = current;
  current = null;
  if (running) await running.indexer.stop({ save: false });
  bump();
  await removeSavedIndex(searchStoreName(userId)).catch(() => undefined);
}

/**
 * Keeps the signed-in user's index running (mount once in the signed-in app). It starts once
 * `when` holds and the page is next idle: reading and parsing the saved index takes the main
 * thread, so at start-up it waits for the conversation list to paint. Nor does it start while
 * a first sync writes the history (`firstSyncDone`): following it, the index's catch-up chased
 * the writes, reading back every message just written, and indexed each on the main thread
 * beside them. Started after it, the catch-up reads the history once, in pages; a search
 * meanwhile shows "indexing", as it would anyway before the history is in.
 */
export function useSearchIndexer(when = true): void {
  const { db, me } = useCurrentDb();
  useEffect(() => {
    if (!when) return;
    let cancelled = false;
    const start = () => {
      if (cancelled) return;
      ensureSearchIndexer(db, me).catch((err: unknown) => {
        console.error('Could not start the search index', (err as { name?: string }).name ?? '');
      });
    };
    void firstSyncDone(db).then(() => {
      if (!cancelled) idleSlices(start);
    });
    return () => {
      cancelled = true;
    };
  }, [db, me, when]);
}

function subscribe(notify: () => void): () => void {
  subscribers.add(notify);
  return () => subscribers.delete(notify);
}

/** The running index, as a snapshot that is replaced whenever its contents change (live results). */
export function useIndexer(): IndexSnapshot {
  return useSyncExternalStore(subscribe, () => snapshot);
}
