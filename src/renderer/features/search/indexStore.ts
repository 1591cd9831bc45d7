/**
 * Where the search index is kept between runs: one record in a plain IndexedDB database of its
 * own (not an RxDB collection: the free edition allows 13, and the index is a cache of what the
 * messages collection already holds, rebuilt from it whenever it is missing or unreadable).
 */

/** The index as saved, with how far into the messages collection's change feed it reached. */
export interface SavedIndex {
  format: number;
  /** `JSON.stringify` of the MiniSearch index. */
  json: string;
  /** RxDB's storage checkpoint (`{id, lwt}`) of the last change the index took in. */
  checkpoint: unknown;
}

const STORE = 'index';
const KEY = 'messages';

/** The index database that belongs to an RxDB database (one per signed-in user). */
export function indexDatabaseName(rxDatabaseName: string): string {
  return `${rxDatabaseName}-search`;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(name: string): Promise<IDBDatabase> {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

async function withStore<T>(name: string, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open(name);
  try {
    const tx = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    const result = await request(work(tx.objectStore(STORE)));
    await done;
    return result;
  } finally {
    db.close();
  }
}

export async function readSavedIndex(name: string): Promise<SavedIndex | null> {
  const value = await withStore<unknown>(name, 'readonly', (store) => store.get(KEY));
  if (!value || typeof value !== 'object') return null;
  const saved = value as Partial<SavedIndex>;
  return typeof saved.json === 'string' && typeof saved.format === 'number' ? (saved as SavedIndex) : null;
}

export async function writeSavedIndex(name: string, saved: SavedIndex): Promise<void> {
  await withStore(name, 'readwrite', (store) => store.put(saved, KEY));
}

/** Deletes the saved index (sign-out removes it with the rest of the user's local data). */
export function removeSavedIndex(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error('IndexedDB delete failed'));
    // Another tab still has it open: it goes once that tab closes.
    req.onblocked = () => resolve();
  });
}
