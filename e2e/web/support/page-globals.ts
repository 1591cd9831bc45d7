import type { Page } from '@playwright/test';

/**
 * The browser globals the web specs and the client bench touch inside `page.evaluate`. e2e code
 * is type checked with the Node settings (no DOM lib), so callbacks cast `globalThis` to this.
 */
interface IdbRequest<T> {
  result: T;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
  error: unknown;
}
interface IdbDatabase {
  objectStoreNames: ArrayLike<string>;
  transaction(stores: string[], mode: 'readonly'): {
    objectStore(name: string): { count(): IdbRequest<number> };
  };
  close(): void;
}
export interface BrowserGlobals {
  indexedDB: {
    databases(): Promise<{ name?: string }[]>;
    open(name: string): IdbRequest<IdbDatabase>;
  };
}

/** Names of the IndexedDB databases the page's origin holds. */
export async function indexedDbNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const g = globalThis as unknown as BrowserGlobals;
    return (await g.indexedDB.databases()).map((db) => db.name ?? '');
  });
}

/**
 * Records per IndexedDB database whose name contains `fragment`, summed over its object stores.
 * RxDB's Dexie storage names them `rxdb-dexie-<db>--<schema version>--<collection>` and keeps
 * documents in a `docs` store (see src/renderer/db/database.ts for the db name).
 */
export async function indexedDbRecordCounts(page: Page, fragment: string): Promise<Record<string, number>> {
  // No named helpers inside the callback: it is sent to the page as source, and a bundler's
  // name-keeping wrappers (tsx runs the bench) would not exist there.
  return page.evaluate(async (part) => {
    const g = globalThis as unknown as BrowserGlobals;
    const counts: Record<string, number> = {};
    for (const { name } of await g.indexedDB.databases()) {
      if (!name || !name.includes(part)) continue;
      const db = await new Promise<IdbDatabase>((resolve, reject) => {
        const request = g.indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const stores = Array.from(db.objectStoreNames);
      let total = 0;
      if (stores.length > 0) {
        const tx = db.transaction(stores, 'readonly');
        const each = await Promise.all(
          stores.map(
            (store) =>
              new Promise<number>((resolve, reject) => {
                const request = tx.objectStore(store).count();
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
              }),
          ),
        );
        total = each.reduce((sum, n) => sum + n, 0);
      }
      db.close();
      counts[name] = total;
    }
    return counts;
  }, fragment);
}

/** Documents this device stores for a user, all collections together. */
export async function storedRecordTotal(page: Page, userId: string): Promise<number> {
  const counts = await indexedDbRecordCounts(page, `cleanchat-u-${userId}`);
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
