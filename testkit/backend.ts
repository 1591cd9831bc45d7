import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from '../server/src/db/sql';

/**
 * The backend the server tests run against: SQLite unless TEST_BACKEND=postgres, when every
 * server and store gets a fresh schema of the PostgreSQL database at TEST_DATABASE_URL
 * (`npm run services` starts one; docs/server.md, "Testing both backends").
 */
export const TEST_BACKEND: Dialect = process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL || 'postgres://cleanchat:cleanchat@127.0.0.1:5432/cleanchat_test';

export interface TestDatabase {
  /** Always a fresh folder: the SQLite file lives here, and the server keeps its JWT secret here. */
  dataDir: string;
  /** Set on PostgreSQL: the URL of an empty schema of its own. */
  databaseUrl?: string;
  /** Removes the folder and the schema. */
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the test backend. */
export async function freshDatabase(backend: Dialect = TEST_BACKEND): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cleanchat-test-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  if (backend === 'sqlite') return { dataDir, drop: removeDir };
  const schema = `test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 10)}`;
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      await removeDir();
    },
  };
}
