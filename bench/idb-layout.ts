/**
 * What one record per message costs in plain IndexedDB, by layout (`node --import tsx
 * bench/idb-layout.ts`; BENCH_ROUNDS, 3): the same 20,000 messages in 20 transactions of 1,000,
 * stored as the raw peer stores them (the wire document, one index) and as RxDB's Dexie storage
 * stores them (its metadata fields, with 5, 4 or 2 indexes). Prints ms per layout and round, and
 * the main-thread ms spent in `put` (structured clone, index keys). Needs `npx electron-vite build`.
 */
import { isWebAppBuilt, webDir } from '../e2e/web/support/server';
import { runBench } from './browser';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const INDEXES: Record<string, string[][]> = {
  'peer: wire document, 1 index': [['room_id', 'server_seq']],
  'RxDB document, 5 indexes (message schema v4)': [['_deleted', 'id'], ['_deleted', 'room_id', 'server_seq', 'id'], ['_deleted', 'room_id', 'created_at', 'id'], ['_meta.lwt', 'id'], ['_meta.lwt']],
  'RxDB document, 4 indexes (v5)': [['_deleted', 'id'], ['_deleted', 'room_id', 'server_seq', 'id'], ['_meta.lwt', 'id'], ['_meta.lwt']],
  'RxDB document, 2 indexes (no Dexie extras)': [['_deleted', 'room_id', 'server_seq', 'id'], ['_meta.lwt', 'id']],
};

/** What the in-page run touches; the e2e type check has no DOM lib. */
interface LayoutGlobals {
  performance: { now(): number };
  indexedDB: {
    open(name: string, version: number): LayoutRequest<LayoutDb> & { onupgradeneeded: (() => void) | null };
    deleteDatabase(name: string): unknown;
  };
}
interface LayoutRequest<T> {
  result: T;
  onsuccess: (() => void) | null;
}
interface LayoutDb {
  createObjectStore(name: string, options: { keyPath: string }): { createIndex(name: string, keyPath: string | string[]): void };
  transaction(stores: string[], mode: 'readwrite'): { objectStore(name: string): { put(value: unknown): void }; oncomplete: (() => void) | null };
  close(): void;
}

runBench(async (browser, server) => {
  if (!isWebAppBuilt()) throw new Error(`No web build in ${webDir}: run npx electron-vite build first`);
  const page = await (await browser.newContext({ baseURL: server.url })).newPage();
  await page.goto('/');
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const [layout, indexes] of Object.entries(INDEXES)) {
      const result = await page.evaluate(
        async ({ indexes, rxdb, name }) => {
          const g = globalThis as unknown as LayoutGlobals;
          const open = g.indexedDB.open(name, 1);
          open.onupgradeneeded = () => {
            const store = open.result.createObjectStore('docs', { keyPath: 'id' });
            indexes.forEach((keyPath, i) => store.createIndex(`i${i}`, keyPath.length === 1 ? (keyPath[0] ?? '') : keyPath));
          };
          const db = await new Promise<LayoutDb>((resolve) => (open.onsuccess = () => resolve(open.result)));
          const room = 'dm:0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee:0190ffff-bbbb-7ccc-8ddd-eeeeeeeeeeee';
          const began = g.performance.now();
          let putMs = 0;
          for (let batch = 0; batch < 20; batch += 1) {
            const docs = Array.from({ length: 1000 }, (_, i) => {
              const n = batch * 1000 + i;
              const at = new Date(1e12 + n).toISOString();
              const doc: Record<string, unknown> = {
                id: `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`, room_id: room, sender_id: '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee',
                content: `bulk message ${n}`, kind: 'text', created_at: at, server_seq: n + 1, received_at: at, edited_at: null,
                attachment: null, location: null, reply_to_id: null, album_id: null,
              };
              if (!rxdb) return { ...doc, deleted: false };
              return { ...doc, is_deleted: false, _deleted: '0', _attachments: {}, _rev: '1-abcdefghij', _meta: { lwt: 1e12 + n, o: { _rev: 1, hash: 'abcdefabcdefabcdefabcdef' } } };
            });
            const t0 = g.performance.now();
            const tx = db.transaction(['docs'], 'readwrite');
            const store = tx.objectStore('docs');
            for (const doc of docs) store.put(doc);
            putMs += g.performance.now() - t0;
            await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
          }
          const total = g.performance.now() - began;
          db.close();
          g.indexedDB.deleteDatabase(name);
          return { total, putMs };
        },
        { indexes, rxdb: !layout.startsWith('peer'), name: `layout-${round}-${Object.keys(INDEXES).indexOf(layout)}` },
      );
      console.log(`round ${round}  ${layout.padEnd(46)} ${Math.round(result.total).toString().padStart(6)} ms  (put ${Math.round(result.putMs)} ms)`);
    }
  }
});
