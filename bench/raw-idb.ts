import type { Browser } from '@playwright/test';

/** What the in-page peer touches; the e2e type check has no DOM lib. */
interface RawIdbGlobals {
  performance: { now(): number };
  fetch(url: string, init: { method?: string; headers: Record<string, string>; body?: string }): Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  indexedDB: {
    open(name: string, version: number): RawRequest<RawDb> & { onupgradeneeded: (() => void) | null };
    deleteDatabase(name: string): RawRequest<unknown>;
  };
}
interface RawRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface RawDb {
  createObjectStore(name: string, options: { keyPath: string }): { createIndex(name: string, keyPath: string[]): void };
  transaction(stores: string[], mode: 'readwrite'): {
    objectStore(name: string): { put(value: unknown): void };
    oncomplete: (() => void) | null;
    onerror: (() => void) | null;
    error: unknown;
  };
  close(): void;
}

/** The peer's times: from its sign-in request and from its first pull, each to its last commit (ms). */
export interface RawSync {
  fromSignIn: number;
  fromFirstPull: number;
}

/**
 * The peer of the full first sync: in the same Chromium, at the app's origin, the same user
 * signs in (one request, as the app's click sends) and its messages are pulled from the same
 * server in batches of 1,000 and written with plain IndexedDB, one transaction per batch, into
 * one store with one (room_id, server_seq) index. The ceiling for one record per message in
 * this browser. The app's clock starts at its sign-in click, so the peer's starts at its sign-in.
 */
export async function rawIndexedDbSync(browser: Browser, baseURL: string, user: { username: string; password: string }, expected: number): Promise<RawSync> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await page.goto('/');
    const result = await page.evaluate(
      async ({ username, password, batch }) => {
        const g = globalThis as unknown as RawIdbGlobals;
        const open = g.indexedDB.open('raw-peer', 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('messages', { keyPath: 'id' }).createIndex('room_seq', ['room_id', 'server_seq']);
        };
        const db = await new Promise<RawDb>((resolve, reject) => {
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const began = g.performance.now();
        const login = await g.fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
        if (!login.ok) throw new Error(`login: ${login.status}`);
        const token = ((await login.json()) as { access_token: string }).access_token;
        const firstPull = g.performance.now();
        let checkpoint: unknown = null;
        let stored = 0;
        for (;;) {
          const query = `limit=${batch}${checkpoint ? `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}` : ''}`;
          const res = await g.fetch(`/api/sync/messages/pull?${query}`, { headers: { authorization: `Bearer ${token}` } });
          if (!res.ok) throw new Error(`pull: ${res.status}`);
          const page = (await res.json()) as { documents: unknown[]; checkpoint: unknown };
          if (page.documents.length === 0) break;
          const tx = db.transaction(['messages'], 'readwrite');
          const store = tx.objectStore('messages');
          for (const doc of page.documents) store.put(doc);
          await new Promise<void>((resolve, reject) => {
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          });
          stored += page.documents.length;
          checkpoint = page.checkpoint;
        }
        const end = g.performance.now();
        db.close();
        return { fromSignIn: end - began, fromFirstPull: end - firstPull, stored };
      },
      { username: user.username, password: user.password, batch: 1000 },
    );
    if (result.stored < expected) console.log(`raw IndexedDB peer stored ${result.stored} of ${expected} messages`);
    return { fromSignIn: result.fromSignIn, fromFirstPull: result.fromFirstPull };
  } finally {
    await context.close();
  }
}
