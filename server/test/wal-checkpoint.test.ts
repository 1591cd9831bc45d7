import { mkdtemp, rm } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_BACKEND } from '../../testkit/backend';
import Database from 'better-sqlite3';
import { DATABASE_FILE, openDatabase } from '../src/db/database';
import { CHECKPOINT_AFTER_MS, sqliteSql } from '../src/db/sql';

/**
 * A SQLite commit does not checkpoint the WAL itself (docs/server.md, "Batched writes"): a group
 * message's ~1,300 feed pages were copied into the database file, and synced, inside its own
 * COMMIT, before its request was answered or its streams heard of it. Counted in WAL pages. Nor
 * does the connection the server works on: a worker thread checkpoints on its own connection, so
 * the copy does not hold up the event loop.
 */

const PAGES_PER_COMMIT = 1_500;
const FRAME = 4096 + 24; // a WAL frame: one page and its header

let dir: string | undefined;
afterEach(async () => {
  vi.useRealTimers();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(TEST_BACKEND !== 'sqlite')('checkpoints after the commit', () => {
  it('leaves the pages of several large commits in the WAL, then checkpoints them all at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    dir = await mkdtemp(join(tmpdir(), 'cleanchat-wal-'));
    const db = openDatabase(dir);
    // Every statement the server's own connection runs from here on.
    const texts: string[] = [];
    const [exec, prepare] = [db.exec.bind(db), db.prepare.bind(db)];
    db.exec = (text: string) => (texts.push(text), exec(text));
    db.prepare = ((text: string) => (texts.push(text), prepare(text))) as typeof db.prepare;
    const sql = sqliteSql(db);
    await sql.run('CREATE TABLE big (id INTEGER PRIMARY KEY, b BLOB)');
    const commits = 4;
    for (let i = 0; i < commits; i++) {
      // About one page per row: each commit writes more pages than the default autocheckpoint (1,000).
      await sql.transaction(() =>
        sql.run(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${PAGES_PER_COMMIT})
                 INSERT INTO big (b) SELECT randomblob(3000) FROM n`),
      );
    }
    // No commit checkpointed: the WAL holds every commit's pages (main: one commit's worth).
    const walFrames = statSync(join(dir, `${DATABASE_FILE}-wal`)).size / FRAME;
    expect(walFrames).toBeGreaterThanOrEqual(commits * PAGES_PER_COMMIT);

    await vi.advanceTimersByTimeAsync(CHECKPOINT_AFTER_MS);
    await sql.checkpointsDone();
    await sql.transaction(() => sql.run('INSERT INTO big (b) VALUES (NULL)'));
    // Checkpointed meanwhile, so the next commit started the WAL over (this connection's
    // checkpoint only reports the WAL's length)…
    const other = new Database(join(dir, DATABASE_FILE));
    const after = other.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
    other.close();
    expect(after[0]?.log).toBeLessThan(10);
    // …and not on the server's connection (main: it ran `PRAGMA wal_checkpoint(PASSIVE)` itself).
    expect(texts.filter((t) => /wal_checkpoint/i.test(t))).toEqual([]);
    expect((await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM big'))?.n).toBe(commits * PAGES_PER_COMMIT + 1);
    await sql.close();
  });
});
