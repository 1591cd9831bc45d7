import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../src/db/migrations';
import { createStore, type Store } from '../src/db/store';
import { emptyRoom, membershipId, nowIso } from '../src/shared';
import { freshDatabase, messageDoc, TEST_BACKEND, type TestDatabase } from './helpers';

/**
 * On PostgreSQL a write's feed rows and its COMMIT go to the server as one query (migration 16's
 * `feed_write_or_raise`, `db/commit-with.ts`; docs/server.md, "The checkpoint hazard"). Here: the
 * function itself on both backends, and a write whose feed write (or whose commit) fails: the
 * caller gets that error, nothing of the transaction stays, and the same write goes through once
 * the fault is gone.
 */
let db: TestDatabase;
let store: Store;

beforeAll(async () => {
  db = await freshDatabase();
  store = await createStore(db);
  const now = nowIso();
  for (const id of ['x', 'y']) {
    await store.users.insert({
      id, username: id, email: `${id}@test.example`, password_hash: 'x', first_name: id, last_name: 'Test',
      role: 'client', avatar_url: null, created_at: now, updated_at: now,
    });
  }
  await store.write(async (rec) => {
    await store.rooms.insert(emptyRoom({ id: 'group:g', room_type: 'group', participant_ids: ['x', 'y'], created_by: 'x', now, name: 'g', status: null }));
    for (const user of ['x', 'y']) await store.memberships.join(membershipId('group:g', user), 'group:g', user, now);
    rec.roomAudienceChanged('group:g');
  });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

/** Stores one message from x in the group, as a push does: the message and its feed rows in one transaction. */
const send = (id: string) =>
  store.write(async (rec) => {
    const { _deleted, ...m } = messageDoc('x', 'group:g', { id, received_at: nowIso() });
    await store.messages.insert({ ...m, server_seq: await store.nextServerSeq() });
    rec.changed('messages', id);
  });

/** What a failed write must not have left: the message, its feed rows, and positions taken. */
async function leftBehind(id: string, position: number) {
  return {
    message: (await store.messages.byId(id)) ?? null,
    feed: [(await store.feed.entry('x', 'messages', id)) ?? null, (await store.feed.entry('y', 'messages', id)) ?? null],
    // SQLite's counter is in memory and skips the failed write's positions (a gap, never a reuse); PostgreSQL's rolls back.
    moved: TEST_BACKEND === 'postgres' && (await store.feed.position()) !== position,
  };
}

const nothing = { message: null, feed: [null, null], moved: false };

describe(`a failing feed write on ${TEST_BACKEND}`, () => {
  it('rolls the whole write back with its error, loses nothing, and the same write succeeds afterwards', async () => {
    const fault =
      TEST_BACKEND === 'postgres'
        ? [
            `CREATE FUNCTION refuse_feed() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN IF NEW.doc_id LIKE 'doomed%' THEN RAISE EXCEPTION 'test: feed row refused'; END IF; RETURN NEW; END $$`,
            'CREATE TRIGGER refuse_feed BEFORE INSERT ON feed FOR EACH ROW EXECUTE FUNCTION refuse_feed()',
          ]
        : [`CREATE TRIGGER refuse_feed BEFORE INSERT ON feed WHEN NEW.doc_id LIKE 'doomed%' BEGIN SELECT RAISE(ABORT, 'test: feed row refused'); END`];
    for (const text of fault) await store.sql.run(text);
    const position = await store.feed.position();
    await expect(send('doomed-1')).rejects.toThrow('test: feed row refused');
    expect(await leftBehind('doomed-1', position)).toEqual(nothing);
    // The connection that failed is usable again, and others' writes go on.
    await send('fine-1');
    expect((await store.feed.entry('y', 'messages', 'fine-1'))?.revoked).toBe(0);

    await store.sql.run('DROP TRIGGER refuse_feed' + (TEST_BACKEND === 'postgres' ? ' ON feed' : ''));
    await send('doomed-1');
    expect((await store.messages.byId('doomed-1'))?.id).toBe('doomed-1');
    expect((await store.feed.entry('y', 'messages', 'doomed-1'))?.revoked).toBe(0);
  });

  it.runIf(TEST_BACKEND === 'postgres')('a commit that fails after the feed write (sent with it) leaves nothing either', async () => {
    // A deferred check fails at COMMIT, the last statement of the one query.
    await store.sql.run(`CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id LIKE 'late%' THEN RAISE EXCEPTION 'test: commit refused'; END IF; RETURN NEW; END $$`);
    await store.sql.run(`CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON messages DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION refuse_commit()`);
    const position = await store.feed.position();
    await expect(send('late-1')).rejects.toThrow('test: commit refused');
    expect(await leftBehind('late-1', position)).toEqual(nothing);
    await store.sql.run('DROP TRIGGER refuse_commit ON messages');
    await send('late-1');
    expect((await store.feed.entry('x', 'messages', 'late-1'))?.revoked).toBe(0);
  });
});

describe('migration 16: feed_write_or_raise', () => {
  it.runIf(TEST_BACKEND === 'sqlite')('is a no-op on SQLite: 15 and 16 have the same schema', () => {
    const schema = (upTo: number) => {
      const lite = new Database(':memory:');
      expect(migrate(lite, MIGRATIONS.filter((m) => m.version <= upTo))).toBe(upTo);
      const rows = lite.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
      lite.close();
      return rows;
    };
    expect(schema(16)).toEqual(schema(15));
  });

  it.runIf(TEST_BACKEND === 'postgres')('writes the rows at new positions, or raises CC001 and writes nothing when a watched document moved', async () => {
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      const call = (since: number, doc: string) =>
        client.query<{ base: number }>('SELECT feed_write_or_raise($1, $2, 1, $3) AS base', [
          JSON.stringify([{ c: 'messages', d: 'fine-1' }]),
          since,
          JSON.stringify([{ u: 'y', c: 'messages', d: doc, k: 1, r: 0 }]),
        ]);
      const before = await store.feed.position();
      const row = (await store.feed.entry('y', 'messages', 'fine-1'))!;
      // fine-1's newest row is at row.seq: watching from there on, nothing moved.
      const { rows } = await call(before, 'probe-1');
      expect(Number(rows[0]?.base)).toBe(before);
      expect((await store.feed.entry('y', 'messages', 'probe-1'))?.seq).toBe(before + 1);
      // Watching from below it: it moved since, so the function raises and writes nothing.
      await expect(call(row.seq - 1, 'probe-2')).rejects.toMatchObject({ code: 'CC001', message: expect.stringContaining('feed write') });
      expect(await store.feed.entry('y', 'messages', 'probe-2')).toBeUndefined();
      expect(await store.feed.position()).toBe(before + 1);
    } finally {
      await client.end();
    }
  });
});
