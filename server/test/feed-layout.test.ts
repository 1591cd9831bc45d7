import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedRepo, type Stamp } from '../src/db/feed';
import { migrate, MIGRATIONS } from '../src/db/migrations';
import { sqliteSql } from '../src/db/sql';

/**
 * The feed's key, by document (migration 17; docs/server.md, "The feed's key, by document"): a
 * message in a group of 256 stamps 768 feed rows (the message, the room's preview and the sender's
 * read marker, for every member). Counted in pages the commit writes to SQLite's WAL, not timed.
 * SQLite only: PostgreSQL's write-ahead log also holds full pages after each checkpoint, so its
 * volume does not count the same way.
 */
const MEMBERS = 256;
const dirs: string[] = [];
const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function database(version: number): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'feed-layout-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'feed.db'));
  open.push(db);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  migrate(db, MIGRATIONS.filter((m) => m.version <= version));
  return db;
}

const users = Array.from({ length: MEMBERS }, (_, i) => `01a23c20-e299-773b-ae36-${String(i).padStart(12, '0')}`);
const stamp = (userId: string, collection: Stamp['collection'], docId: string): Stamp => ({ userId, collection, docId, revoked: false });

/** WAL pages written by the commit of one group message's stamps, in a feed that already holds the group. */
async function pagesPerGroupMessage(version: number): Promise<number> {
  const db = database(version);
  const sql = sqliteSql(db);
  const feed = await createFeedRepo(sql);
  // What a group of 256 holds before: every member's view of every member and membership, and history.
  const before: Stamp[] = [];
  for (const u of users) for (const o of users) before.push(stamp(u, 'users', o), stamp(u, 'memberships', `g|${o}`));
  for (let m = 0; m < 200; m++) for (const u of users) before.push(stamp(u, 'messages', `old-${String(m).padStart(6, '0')}`));
  await sql.transaction(() => feed.touchMany(before));
  const frames = () => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]?.log ?? 0;
  let written = 0;
  const messages = 5;
  for (let m = 0; m < messages; m++) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const id = `01a23c20-e4de-763a-ae6a-${String(m).padStart(12, '0')}`;
    const rows = users.flatMap((u) => [stamp(u, 'messages', id), stamp(u, 'rooms', 'g'), stamp(u, 'memberships', `g|${users[0]}`)]);
    await sql.transaction(() => feed.touchMany(rows));
    written += frames();
  }
  return written / messages;
}

describe('the feed key, by document (migration 17)', () => {
  it("a group message's 768 feed rows write fewer than four WAL pages per member", async () => {
    // About 830 now: each member's three rows in three places of `feed_page` (one per
    // collection), the key's share side by side. Before 17, 1,788: the same again in the key
    // (each member's rows in its own place), and `feed_doc`.
    expect(await pagesPerGroupMessage(MIGRATIONS.at(-1)?.version ?? 0)).toBeLessThan(MEMBERS * 4);
  });

  it('moves every feed row as it was, and reads a document\'s holders and a user\'s page from indexes', async () => {
    const db = database(16);
    const sql = sqliteSql(db);
    const feed = await createFeedRepo(sql);
    const rows = [stamp('a', 'messages', 'm1'), stamp('b', 'messages', 'm1'), { ...stamp('c', 'messages', 'm1'), revoked: true }, stamp('a', 'rooms', 'r')];
    await sql.transaction(() => feed.touchMany(rows));
    const all = () => db.prepare('SELECT user_id, collection, doc_id, seq, revoked FROM feed ORDER BY seq').all();
    const kept = all();
    migrate(db);
    expect(all()).toEqual(kept);
    const plan = (text: string) => JSON.stringify(db.prepare(`EXPLAIN QUERY PLAN ${text}`).all());
    expect(plan("SELECT user_id FROM feed WHERE collection = 'messages' AND doc_id = 'm1' AND revoked = 0")).toMatch(/SEARCH feed USING PRIMARY KEY \(collection=\? AND doc_id=\?\)/);
    expect(plan("SELECT doc_id FROM feed WHERE user_id = 'a' AND collection = 'messages' AND seq > 0 ORDER BY seq")).toMatch(/COVERING INDEX feed_page/);
    expect(plan("SELECT seq FROM feed WHERE user_id = 'a' AND collection = 'messages' AND doc_id = 'm1'")).toMatch(/PRIMARY KEY \(collection=\? AND doc_id=\? AND user_id=\?\)/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'feed' AND type = 'index' AND sql IS NOT NULL ORDER BY name").all()).toEqual([{ name: 'feed_page' }]);
  });
});
