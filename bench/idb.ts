import type { Page } from '@playwright/test';
import { indexedDbRecordCounts } from '../e2e/web/support/page-globals';

interface ContentGlobals {
  performance: { timeOrigin: number; now(): number };
  indexedDB: {
    databases(): Promise<{ name?: string }[]>;
    open(name: string): { result: ContentDb; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null };
  };
}
interface ContentDb {
  objectStoreNames: ArrayLike<string>;
  transaction(stores: string[], mode: 'readonly'): {
    objectStore(name: string): { getAll(): { result: unknown[]; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null } };
  };
  close(): void;
}

/** Messages this device stores for a user (RxDB's messages collection, counted in IndexedDB). */
export async function storedMessageCount(page: Page, userId: string): Promise<{ count: number; at: number }> {
  const counts = await indexedDbRecordCounts(page, `cleanchat-u-${userId}--`);
  const at = await page.evaluate(() => {
    const g = globalThis as unknown as ContentGlobals;
    return g.performance.timeOrigin + g.performance.now();
  });
  const count = Object.entries(counts)
    .filter(([name]) => name.endsWith('--messages'))
    .reduce((sum, [, n]) => sum + n, 0);
  return { count, at };
}

/** The `content` of every live message document this device stores for a user. */
export async function storedMessageContents(page: Page, userId: string): Promise<string[]> {
  return page.evaluate(async (part) => {
    const g = globalThis as unknown as ContentGlobals;
    const contents: string[] = [];
    for (const { name } of await g.indexedDB.databases()) {
      if (!name || !name.includes(part) || !name.endsWith('--messages')) continue;
      const request = g.indexedDB.open(name);
      const db = await new Promise<ContentDb>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      if (Array.from(db.objectStoreNames).includes('docs')) {
        const all = db.transaction(['docs'], 'readonly').objectStore('docs').getAll();
        const docs = await new Promise<unknown[]>((resolve, reject) => {
          all.onsuccess = () => resolve(all.result);
          all.onerror = () => reject(all.error);
        });
        for (const doc of docs as { content?: string; _deleted?: unknown }[]) {
          if (typeof doc.content === 'string' && doc._deleted !== true && doc._deleted !== '1') contents.push(doc.content);
        }
      }
      db.close();
    }
    return contents;
  }, `cleanchat-u-${userId}--`);
}
