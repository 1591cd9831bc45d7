import type { OutboxEntry } from './types';

/**
 * The device's file store, in IndexedDB next to (not inside) RxDB: RxDB documents replicate
 * and must stay small, files do neither. One database per user, removed at sign-out.
 * - `outbox`: messages whose file has not been uploaded and sent yet, with their bytes
 *   (`outbox-blobs`), so a reload or a restart loses nothing;
 * - `media`: the bytes of photos and files this user has viewed, so they stay viewable offline.
 */
export interface FileStore {
  listOutbox(): Promise<OutboxEntry[]>;
  /** Adds entries with their bytes in one transaction: all of them or none. */
  addOutbox(items: ReadonlyArray<{ entry: OutboxEntry; blob: Blob }>): Promise<void>;
  putOutbox(entry: OutboxEntry): Promise<void>;
  outboxBlob(id: string): Promise<Blob | null>;
  removeOutbox(id: string): Promise<void>;
  getMedia(key: string): Promise<Blob | null>;
  putMedia(key: string, blob: Blob): Promise<void>;
  close(): void;
}

const VERSION = 1;
const OUTBOX = 'outbox';
const BLOBS = 'outbox-blobs';
const MEDIA = 'media';

export function fileStoreName(userId: string): string {
  return `cleanchat-files-${userId}`;
}

/**
 * Bytes are stored as an ArrayBuffer with their type rather than as a Blob: every IndexedDB
 * (and the test double) clones an ArrayBuffer, and a Blob read back is then always a real one.
 */
interface StoredBytes {
  type: string;
  bytes: ArrayBuffer;
}

async function toStored(blob: Blob): Promise<StoredBytes> {
  return { type: blob.type, bytes: await blob.arrayBuffer() };
}

function fromStored(stored: StoredBytes | Blob | null): Blob | null {
  if (!stored) return null;
  if (stored instanceof Blob) return stored;
  return new Blob([stored.bytes], { type: stored.type });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

function open(name: string): Promise<IDBDatabase> {
  const req = indexedDB.open(name, VERSION);
  req.onupgradeneeded = () => {
    const db = req.result;
    if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'id' });
    if (!db.objectStoreNames.contains(BLOBS)) db.createObjectStore(BLOBS);
    if (!db.objectStoreNames.contains(MEDIA)) db.createObjectStore(MEDIA);
  };
  return request(req);
}

/** Opens (creating if new) the user's file store. */
export async function openFileStore(userId: string): Promise<FileStore> {
  const db = await open(fileStoreName(userId));
  async function write(stores: string[], work: (tx: IDBTransaction) => void): Promise<void> {
    const tx = db.transaction(stores, 'readwrite');
    work(tx);
    await done(tx);
  }
  async function read<T>(store: string, key: string): Promise<T | null> {
    const value = (await request(db.transaction(store).objectStore(store).get(key))) as T | undefined;
    return value ?? null;
  }
  return {
    async listOutbox() {
      const entries = (await request(db.transaction(OUTBOX).objectStore(OUTBOX).getAll())) as OutboxEntry[];
      // Send order: the order the user pressed Send (ids are UUID v7, so time-ordered too).
      return entries.sort((a, b) =>
        a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1,
      );
    },
    async addOutbox(items) {
      // Read the bytes first: a transaction commits as soon as it waits for anything else.
      const stored = await Promise.all(items.map(({ blob }) => toStored(blob)));
      await write([OUTBOX, BLOBS], (tx) => {
        items.forEach(({ entry }, index) => {
          tx.objectStore(OUTBOX).put(entry);
          tx.objectStore(BLOBS).put(stored[index], entry.id);
        });
      });
    },
    putOutbox: (entry) => write([OUTBOX], (tx) => void tx.objectStore(OUTBOX).put(entry)),
    outboxBlob: async (id) => fromStored(await read<StoredBytes>(BLOBS, id)),
    removeOutbox: (id) =>
      write([OUTBOX, BLOBS], (tx) => {
        tx.objectStore(OUTBOX).delete(id);
        tx.objectStore(BLOBS).delete(id);
      }),
    getMedia: async (key) => fromStored(await read<StoredBytes>(MEDIA, key)),
    async putMedia(key, blob) {
      const stored = await toStored(blob);
      await write([MEDIA], (tx) => void tx.objectStore(MEDIA).put(stored, key));
    },
    close: () => db.close(),
  };
}

/** Removes a user's file store from disk (sign-out). */
export function removeFileStore(userId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(fileStoreName(userId));
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error('Could not remove the file store'));
    // Another tab still has it open: it closes on its own sign-out; do not hang this one.
    req.onblocked = () => resolve();
  });
}
