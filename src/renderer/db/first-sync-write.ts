import { randomToken, type EventBulk, type RxDocumentData, type RxStorageChangeEvent } from 'rxdb';
import type { LocalMessageDoc } from './message-codec';

type Stored = RxDocumentData<LocalMessageDoc>;

/** What RxDB 17.6.0's Dexie storage instance keeps (rx-storage-instance-dexie.js); not a public API. */
interface DexieInstance {
  internals?: Promise<{
    dexieDb?: { isOpen(): boolean; open(): Promise<unknown>; backendDB(): IDBDatabase };
    dexieTable?: { name: string };
    booleanIndexes?: string[];
  }>;
  changes$?: { next(bulk: EventBulk<RxStorageChangeEvent<Stored>, unknown>): void };
}

/**
 * Writes one page of new documents into the storage in one IndexedDB transaction and tells
 * RxDB about them. Resolves with the ids that were stored already (nothing is written for
 * those); the others are stored and their change events emitted.
 */
export type PageWriter = (docs: Stored[]) => Promise<string[]>;

export interface PageWriterOptions {
  /** Puts issued per main-thread task; the next ones go out when the last of these is done. */
  chunk: number;
  /** The context of the change events (the first sync's own writes are told apart by it). */
  context: string;
  /** Runs the write under the database's lock, as RxDB's own writes are. */
  locked: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Lets the page run between two bulks of change events. */
  yieldToMain: () => Promise<void>;
}

/**
 * A page writer straight into the IndexedDB store of RxDB's Dexie storage, or null for any
 * other storage. RxDB's `bulkWrite` reads every document before writing it (to find
 * conflicts), converts each one, and takes one transaction per call; a first sync writes new
 * documents only, so here `add` finds the rare existing one (a message of mine sent meanwhile)
 * and the page commits once. The documents are stored as that storage stores them: its boolean
 * indexes (`_deleted`) as '1' / '0'.
 */
export async function dexiePageWriter(instance: unknown, options: PageWriterOptions): Promise<PageWriter | null> {
  const dexie = instance as DexieInstance;
  const state = await dexie.internals;
  const changes = dexie.changes$;
  if (!state?.dexieDb || !state.dexieTable || !changes) return null;
  const booleans = state.booleanIndexes ?? ['_deleted'];
  if (booleans.some((path) => path.includes('.'))) return null;
  if (!state.dexieDb.isOpen()) await state.dexieDb.open();
  const idb = state.dexieDb.backendDB();
  const store = state.dexieTable.name;
  const toDexie = (doc: Stored): Record<string, unknown> => {
    const row: Record<string, unknown> = { ...doc };
    for (const path of booleans) row[path] = doc[path as keyof Stored] ? '1' : '0';
    return row;
  };
  return async (docs) => {
    const present = await options.locked(() => addAll(idb, store, docs.map(toDexie), options.chunk));
    const stored = docs.filter((doc) => !present.has(doc.id));
    for (let i = 0; i < stored.length; i += options.chunk) {
      const part = stored.slice(i, i + options.chunk);
      const last = part.reduce((max, doc) => (doc.id > max.id ? doc : max));
      changes.next({
        id: randomToken(10),
        context: options.context,
        checkpoint: { id: last.id, lwt: last._meta.lwt },
        events: part.map((doc) => ({ documentId: doc.id, operation: 'INSERT', documentData: doc, previousDocumentData: undefined })),
      });
      if (i + options.chunk < stored.length) await options.yieldToMain();
    }
    return [...present];
  };
}

/**
 * Adds `rows` in one readwrite transaction, `chunk` at a time, so the page's puts (structured
 * clone and index keys, on the main thread) are spread over several tasks while the transaction
 * stays open. Each chunk is issued when the first request of the one before it is done: the
 * storage then still has that chunk's other requests to work on meanwhile (issued after the last
 * one, it sat idle while the page cloned the next chunk). A row whose key is stored already is
 * skipped (its ConstraintError does not abort the rest).
 */
export function addAll(idb: IDBDatabase, storeName: string, rows: Record<string, unknown>[], chunk: number): Promise<Set<string>> {
  return new Promise((resolve, reject) => {
    const present = new Set<string>();
    const tx = idb.transaction([storeName], 'readwrite');
    const store = tx.objectStore(storeName);
    let next = 0;
    const issue = () => {
      const start = next;
      const end = Math.min(next + chunk, rows.length);
      for (; next < end; next += 1) {
        const row = rows[next];
        const request = store.add(row);
        const opensNext = next === start && end < rows.length;
        request.onsuccess = opensNext ? issue : null;
        request.onerror = (event) => {
          if (request.error?.name !== 'ConstraintError') return;
          event.preventDefault();
          event.stopPropagation();
          present.add(String(row?.id));
          if (opensNext) issue();
        };
      }
    };
    tx.oncomplete = () => resolve(present);
    tx.onerror = () => reject(tx.error ?? new Error('The first sync could not store a page.'));
    tx.onabort = () => reject(tx.error ?? new Error('The first sync could not store a page.'));
    issue();
  });
}
