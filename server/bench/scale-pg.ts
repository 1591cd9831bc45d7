/**
 * The scale data set on PostgreSQL: a fresh schema of the database at `baseUrl`, migrated by the
 * server's own migrations, filled with the rows scale-data.ts built in SQLite (copied in chunks
 * as JSON, which PostgreSQL turns into rows with the table's own column types), then the feed and
 * counters derived by the same SQL as there, the feed counter and message sequence moved past
 * them, and the statistics the planner needs.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { postgresSql } from '../src/db/postgres';
import { DATABASE_FILE } from '../src/db/database';
import { DERIVED_SQL } from './scale-data';

const TABLES = ['users', 'rooms', 'memberships', 'messages'] as const;
const CHUNK = 20_000;

export interface ScaleSchema {
  /** DATABASE_URL of the schema (its search_path set). */
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(baseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Why PostgreSQL cannot be used at `baseUrl`, or null when it answers. */
export async function pgProblem(baseUrl: string | undefined): Promise<string | null> {
  if (!baseUrl) return 'no TEST_DATABASE_URL or DATABASE_URL given';
  try {
    await admin(baseUrl, (c) => c.query('SELECT 1'));
    return null;
  } catch (err) {
    return `PostgreSQL at ${new URL(baseUrl).host} did not answer (${(err as Error).message})`;
  }
}

export async function copyToPostgres(baseUrl: string, dataDir: string): Promise<ScaleSchema> {
  const schema = `scale_${Date.now().toString(36)}`;
  await admin(baseUrl, (c) => c.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const drop = () => admin(baseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined);
  const sql = await postgresSql(url.toString(), 2);
  const lite = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    for (const table of TABLES) {
      const rows = lite.prepare(`SELECT * FROM ${table} ORDER BY rowid`);
      let chunk: unknown[] = [];
      const flush = async () => {
        if (chunk.length === 0) return;
        await sql.run(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, CAST(? AS json))`, [JSON.stringify(chunk)]);
        chunk = [];
      };
      for (const row of rows.iterate()) {
        chunk.push(row);
        if (chunk.length === CHUNK) await flush();
      }
      await flush();
    }
    for (const statement of DERIVED_SQL.split(';').filter((s) => s.trim() !== '')) await sql.run(statement);
    await sql.run('UPDATE feed_counter SET seq = (SELECT MAX(seq) FROM feed)');
    await sql.get("SELECT setval('message_seq', (SELECT MAX(server_seq) FROM messages))");
    await sql.run('VACUUM ANALYZE');
    return { url: url.toString(), drop };
  } catch (err) {
    await drop();
    throw err;
  } finally {
    lite.close();
    await sql.close();
  }
}
