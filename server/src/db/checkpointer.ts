import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The worker's code: its own better-sqlite3 connection to the database file, which runs
 * `PRAGMA wal_checkpoint(PASSIVE)` for each request and answers when it is done. Inline CommonJS
 * (`eval`), so there is no worker file whose path differs between tsx and the esbuild bundle
 * (docs/server.md, "Running in production"); better-sqlite3 is resolved by the main thread.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let ok = true;
  try {
    db.exec('PRAGMA wal_checkpoint(PASSIVE)');
  } catch {
    ok = false; // Disk full or the like: the WAL keeps the commits, and the next checkpoint tries again.
  }
  parentPort.postMessage(ok);
});
`;

export interface Checkpointer {
  /** Checkpoints soon: at once if the worker is free, else once it is (one checkpoint for every request meanwhile). */
  request(): void;
  /** Resolves once no checkpoint is running or asked for. */
  idle(): Promise<void>;
  /** Closes the worker's connection, then the worker. */
  close(): Promise<void>;
}

/**
 * Checkpoints the WAL of the SQLite database `file` on a worker thread (docs/server.md, "The WAL
 * is checkpointed after the commit, not in it"): a checkpoint copies every page the commits since
 * the last one dirtied (~1,300 for a group message) into the database file, which on the event
 * loop held up every request and stream meanwhile. The worker starts with the first request.
 * `fallback` checkpoints on the calling thread should the worker fail.
 */
export function createCheckpointer(file: string, fallback: () => void): Checkpointer {
  let worker: Worker | undefined;
  let failed = false;
  let running = false;
  let pending = false;
  let closed = false;
  let idleWaiters: Array<() => void> = [];
  const settle = () => {
    if (running || pending) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };
  const start = (): Worker => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(WORKER, { eval: true, workerData: { file, driver } });
    w.unref(); // a server that is done does not wait for it
    w.on('message', () => {
      running = false;
      next();
    });
    w.on('error', () => {
      failed = true;
      running = false;
      next();
    });
    return w;
  };
  const next = () => {
    if (closed || running || !pending) return settle();
    pending = false;
    if (failed) {
      fallback();
      return settle();
    }
    worker ??= start();
    running = true;
    worker.postMessage('checkpoint');
  };
  return {
    request() {
      pending = true;
      next();
    },
    idle: () => new Promise<void>((ok) => (idleWaiters.push(ok), settle())),
    async close() {
      closed = true;
      pending = false;
      const w = worker;
      worker = undefined;
      if (w && !failed) {
        const exited = new Promise<void>((ok) => w.once('exit', () => ok()));
        w.postMessage('close');
        await exited;
      }
      running = false;
      settle();
    },
  };
}
