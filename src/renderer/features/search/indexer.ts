import { getChangedDocumentsSince, type RxStorageDefaultCheckpoint } from 'rxdb';
import type { Subscription } from 'rxjs';
import type { CleanchatDatabase } from '../../db/database';
import { readSavedIndex, writeSavedIndex } from './indexStore';
import { applyMessage, createIndex, loadIndex, searchIndex, SEARCH_INDEX_FORMAT, type Hit, type MessageIndex, type MessageState } from './searchIndex';
import { idleSlices, type Scheduler } from './idle';

export interface IndexerOptions {
  /** The IndexedDB database the index is saved in (searchStoreName of the user). */
  storeName: string;
  /** Save this long after the index last changed… */
  saveDelayMs?: number;
  /** …but at least this often while changes keep coming. */
  saveMaxWaitMs?: number;
  /** Documents read per page while catching up. */
  pageSize?: number;
  /** Runs index work in slices (idle callbacks in the app; tests may pass their own). */
  scheduler?: Scheduler;
}

export interface IndexerStats {
  /** The index came from disk rather than being built from nothing. */
  loadedFromDisk: boolean;
  /** Documents read from the collection to catch up since the saved position. */
  caughtUp: number;
}

export interface SearchIndexer {
  /** Settles when the saved index is loaded and everything since its position is in. */
  ready: Promise<void>;
  isReady(): boolean;
  search(query: string, roomId?: string | null): Hit[];
  /** Called after each batch of changes reaches the index (for live results). */
  onChange(listener: () => void): () => void;
  /** Drops a result whose message is no longer on the device (purged while the app was closed). */
  forget(id: string): void;
  /** Applies everything queued and saves now. */
  flush(): Promise<void>;
  /** Stops following changes; `save: false` (sign-out) writes nothing more. */
  stop(options?: { save?: boolean }): Promise<void>;
  stats: IndexerStats;
}

type Checkpoint = RxStorageDefaultCheckpoint | undefined;

function later(a: Checkpoint, b: Checkpoint): Checkpoint {
  if (!a) return b;
  if (!b) return a;
  return b.lwt > a.lwt || (b.lwt === a.lwt && b.id > a.id) ? b : a;
}

/**
 * Keeps a full-text index of the messages on this device. It follows the messages collection's
 * change events (inserts, edits, soft deletes, documents leaving the device), applies them in
 * slices of idle time so sync and typing stay smooth, and saves itself (debounced) with the
 * position of the last change it took in. On start it loads the saved index and reads only
 * what changed since that position; with nothing saved, the same path builds it from scratch.
 */
export function startIndexer(db: CleanchatDatabase, options: IndexerOptions): SearchIndexer {
  const { storeName, saveDelayMs = 5000, saveMaxWaitMs = 300_000, pageSize = 1000 } = options;
  const scheduler = options.scheduler ?? idleSlices;
  const queue = new Map<string, MessageState>();
  const listeners = new Set<() => void>();
  const stats: IndexerStats = { loadedFromDisk: false, caughtUp: 0 };
  let index: MessageIndex = createIndex();
  let ready = false;
  let stopped = false;
  let draining = false;
  let drained: (() => void)[] = [];
  let enqueuedUpTo: Checkpoint;
  let savedUpTo: Checkpoint;
  let dirty = false;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let firstDirtyAt = 0;
  let saving: Promise<void> = Promise.resolve();

  function enqueue(docs: readonly MessageState[], checkpoint: Checkpoint): void {
    for (const doc of docs) queue.set(doc.id, doc);
    enqueuedUpTo = later(enqueuedUpTo, checkpoint);
    if (!draining) {
      draining = true;
      scheduler(slice);
    }
  }

  /** One slice: applies queued states while the scheduler says there is time. */
  function slice(hasTime: () => boolean): void {
    if (stopped) return;
    let applied = 0;
    for (const [id, doc] of queue) {
      if (applied > 0 && !hasTime()) break;
      queue.delete(id);
      applyMessage(index, doc);
      applied += 1;
    }
    if (queue.size > 0) {
      scheduler(slice);
      return;
    }
    draining = false;
    dirty = true;
    for (const resolve of drained) resolve();
    drained = [];
    listeners.forEach((listener) => listener());
    if (ready) scheduleSave();
  }

  function whenDrained(): Promise<void> {
    return queue.size === 0 && !draining ? Promise.resolve() : new Promise((resolve) => drained.push(resolve));
  }

  function drainNow(): void {
    for (const [id, doc] of queue) {
      queue.delete(id);
      applyMessage(index, doc);
    }
  }

  function scheduleSave(): void {
    const now = Date.now();
    if (!firstDirtyAt) firstDirtyAt = now;
    if (saveTimer) clearTimeout(saveTimer);
    const wait = Math.max(0, Math.min(saveDelayMs, firstDirtyAt + saveMaxWaitMs - now));
    saveTimer = setTimeout(() => {
      saveTimer = null;
      scheduler(() => void save());
    }, wait);
  }

  function save(): Promise<void> {
    // One save at a time; a failed one (reported below) does not stop the next.
    saving = saving.catch(() => undefined).then(async () => {
      if (stopped || !ready || queue.size > 0 || !dirty) return;
      // Everything enqueued has been applied (the queue is empty), so this is the position.
      const checkpoint = enqueuedUpTo;
      dirty = false;
      firstDirtyAt = 0;
      await writeSavedIndex(storeName, { format: SEARCH_INDEX_FORMAT, json: JSON.stringify(index), checkpoint });
      savedUpTo = checkpoint;
    });
    return saving.catch((err: unknown) => {
      dirty = true;
      console.error('Could not save the search index', (err as { name?: string }).name ?? '');
    });
  }

  const live: Subscription = db.messages.eventBulks$.subscribe((bulk) => {
    if (bulk.isLocal) return;
    const docs: MessageState[] = [];
    for (const event of bulk.events) {
      const doc = event.documentData as MessageState;
      const before = event.previousDocumentData as MessageState | undefined;
      // Acks and other field changes leave the words where they were.
      if (event.operation === 'UPDATE' && before && before.content === doc.content && before.is_deleted === doc.is_deleted) continue;
      docs.push(event.operation === 'DELETE' ? { ...doc, _deleted: true } : doc);
    }
    enqueue(docs, bulk.checkpoint as Checkpoint);
  });

  async function catchUp(): Promise<void> {
    const saved = await readSavedIndex(storeName).catch(() => null);
    if (saved && saved.format === SEARCH_INDEX_FORMAT) {
      try {
        const loaded = await loadIndex(saved.json);
        // Changes that arrived while it loaded were applied to the empty index: take them again.
        index = loaded;
        stats.loadedFromDisk = true;
        enqueuedUpTo = later(enqueuedUpTo, saved.checkpoint as Checkpoint);
        savedUpTo = saved.checkpoint as Checkpoint;
      } catch {
        index = createIndex();
      }
    }
    let checkpoint = savedUpTo;
    for (;;) {
      if (stopped) return;
      const page = await getChangedDocumentsSince(db.messages.storageInstance, pageSize, checkpoint);
      if (page.documents.length === 0) break;
      stats.caughtUp += page.documents.length;
      checkpoint = page.checkpoint as Checkpoint;
      enqueue(page.documents as unknown as MessageState[], checkpoint);
      await whenDrained();
    }
    await whenDrained();
    ready = true;
    // For the client bench: the renderer's heap is read once the index holds the history.
    performance.mark('cleanchat:search-ready');
    if (dirty || !stats.loadedFromDisk) {
      dirty = true;
      scheduleSave();
    }
    listeners.forEach((listener) => listener());
  }

  const readyPromise = catchUp();
  readyPromise.catch((err: unknown) => console.error('Could not build the search index', (err as { name?: string }).name ?? ''));

  return {
    ready: readyPromise,
    isReady: () => ready,
    search: (query, roomId) => searchIndex(index, query, roomId),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    forget(id) {
      if (index.has(id)) index.discard(id);
    },
    async flush() {
      await readyPromise;
      drainNow();
      dirty = true;
      await save();
    },
    async stop({ save: keep = true } = {}) {
      live.unsubscribe();
      if (saveTimer) clearTimeout(saveTimer);
      if (keep && ready) {
        drainNow();
        await save();
      }
      stopped = true;
      for (const resolve of drained) resolve();
      drained = [];
      await saving.catch(() => undefined);
    },
    stats,
  };
}
