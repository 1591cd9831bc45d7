import type { BrowserContext, Page } from '@playwright/test';

/** What the commit tracker touches and leaves in a page; the e2e type check has no DOM lib. */
interface CommitGlobals {
  performance: { timeOrigin: number; now(): number };
  IDBObjectStore: { prototype: Record<'add' | 'put', (this: TrackedStore, value: unknown, key?: unknown) => unknown> };
  /** Ids of message documents in committed transactions, and when the last new one committed. */
  __committed?: { ids: Set<string>; firstAt?: number; lastAt?: number };
}
interface TrackedStore {
  name: string;
  transaction: { db: { name: string }; addEventListener(type: 'complete', listener: () => void): void };
}

/**
 * Counts, inside every page of `context`, the message documents the app's IndexedDB
 * transactions commit (RxDB's Dexie store `docs` of the `…--messages` database), with the time
 * of each commit. The full first sync then ends at the commit that stores the last message, the
 * same end point the raw IndexedDB peer takes (its last `complete`). Polling IndexedDB from the
 * outside instead ends it up to one poll late, and each poll's read-only transaction queued
 * behind the app's writes and they behind it.
 */
export async function trackMessageCommits(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const g = globalThis as unknown as CommitGlobals;
    const committed: NonNullable<CommitGlobals['__committed']> = { ids: new Set() };
    g.__committed = committed;
    const pending = new WeakMap<object, string[]>();
    for (const method of ['add', 'put'] as const) {
      const original = g.IDBObjectStore.prototype[method];
      g.IDBObjectStore.prototype[method] = function (this: TrackedStore, value: unknown, key?: unknown) {
        const request = original.call(this, value, key);
        const doc = value as { id?: unknown; _deleted?: unknown } | null;
        const tx = this.transaction;
        if (this.name === 'docs' && tx.db.name.endsWith('--messages') && typeof doc?.id === 'string' && doc._deleted !== '1') {
          let ids = pending.get(tx);
          if (!ids) {
            const mine: string[] = [];
            ids = mine;
            pending.set(tx, mine);
            tx.addEventListener('complete', () => {
              const before = committed.ids.size;
              for (const id of mine) committed.ids.add(id);
              if (committed.ids.size === before) return;
              committed.lastAt = g.performance.timeOrigin + g.performance.now();
              committed.firstAt ??= committed.lastAt;
            });
          }
          ids.push(doc.id);
        }
        return request;
      };
    }
  });
}

/** Message documents committed so far in `page`, and when the first and the last new one were. */
export function committedMessages(page: Page): Promise<{ count: number; firstAt: number; lastAt: number }> {
  return page.evaluate(() => {
    const committed = (globalThis as unknown as CommitGlobals).__committed;
    return { count: committed?.ids.size ?? 0, firstAt: committed?.firstAt ?? NaN, lastAt: committed?.lastAt ?? NaN };
  });
}
