import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../src/db/migrations';
import { migratePostgres, PG_MIGRATIONS } from '../src/db/pg-migrations';
import { openSql } from '../src/db/store';
import type { Sql } from '../src/db/sql';
import { freshDatabase, TEST_BACKEND, type TestDatabase } from './helpers';

const opened: Array<{ sql: Sql; db: TestDatabase }> = [];
afterEach(async () => {
  for (const { sql, db } of opened.splice(0)) {
    await sql.close();
    await db.drop();
  }
});

/** Both backends' migrations share their numbers: version N is the same schema on both. */
describe('PostgreSQL migrations', () => {
  it('are numbered, increasing, and end at the latest SQLite version', () => {
    const versions = PG_MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(Math.max(...versions)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    for (const m of PG_MIGRATIONS) expect(m.name.length).toBeGreaterThan(0);
  });

  it('the test databases are on the backend TEST_BACKEND names', async () => {
    const db = await freshDatabase();
    const sql = await openSql(db);
    opened.push({ sql, db });
    expect(sql.dialect).toBe(TEST_BACKEND);
  });

  it.skipIf(TEST_BACKEND !== 'postgres')(
    'give a fresh database the tables and columns SQLite has, once, even when instances start together',
    async () => {
      const db = await freshDatabase('postgres');
      // Two instances starting at once: the advisory lock lets one migrate, the other finds it done.
      const [sql, other] = await Promise.all([openSql(db), openSql(db)]);
      opened.push({ sql, db });
      await other.close();
      const latest = Math.max(...PG_MIGRATIONS.map((m) => m.version));
      expect(await migratePostgres(sql)).toBe(latest);
      const applied = await sql.all<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(applied.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));

      // Attachment bytes are PostgreSQL rows there and files in DATA_DIR on SQLite (blobs/blob-store.ts).
      const pgColumns = await sql.all<{ t: string; c: string }>(
        `SELECT table_name AS t, column_name AS c FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name NOT IN ('schema_migrations', 'feed_counter', 'blobs', 'blob_chunks')`,
      );
      const lite = new Database(':memory:');
      migrate(lite);
      const liteColumns = lite
        .prepare<[], { t: string; c: string }>(
          "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
        )
        .all();
      lite.close();
      const key = (r: { t: string; c: string }) => `${r.t}.${r.c}`;
      expect(pgColumns.map(key).sort()).toEqual(liteColumns.map(key).sort());
    },
  );
});
