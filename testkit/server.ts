import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { startServerProcess, type ServerRuntime } from '../scripts/server-process.mjs';
import type { startServer } from '../server/src/app';
import type { Dialect } from '../server/src/db/sql';
import { freshDatabase, TEST_BACKEND, type TestDatabase } from './backend';

/**
 * The one way tests and benchmarks start a sync server: in this process (`startTestServer`, the
 * server unit tests) or as a child process (`spawnTestServer`: e2e, where the server must outlive
 * a browser's page, and benchmarks, where load and server must not share an event loop). Both
 * use port 0, a fresh temp data folder and a fresh database of the test backend (backend.ts),
 * which `close()` removes.
 */

export type ServerOptions = Parameters<typeof startServer>[0];

/** Tests sign their own tokens (expired, wrong algorithm) with this secret. */
/** Limits lifted, for servers that tests and benchmarks load on purpose. */
export const UNLIMITED_ENV = {
  RATE_LIMIT_MAX: '1000000',
  AUTH_RATE_LIMIT_MAX: '1000000',
  WRITE_ROWS_MAX: '10000000',
  WRITE_BURST_ROWS: '10000000',
  MESSAGE_QUOTA: '10000000',
} as const;

export const TEST_JWT_SECRET = 'cleanchat-test-secret-0123456789abcdef';

export interface TestServer {
  url: string;
  dataDir: string;
  /** The child process of a spawned server (benchmarks read its memory); undefined in-process. */
  pid?: number;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];

type Running = { url: string; pid?: number; close(): Promise<void> };

/** Starts `count` servers over one fresh database of the test backend; `close()` stops them and drops it. */
async function tracked(
  count: number,
  start: (db: TestDatabase, index: number) => Promise<Running>,
  backend: Dialect = TEST_BACKEND,
): Promise<TestServer[]> {
  const db = await freshDatabase(backend);
  const servers: Running[] = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.close()));
    await db.drop();
  };
  try {
    for (let i = 0; i < count; i++) servers.push(await start(db, i));
  } catch (err) {
    await stop();
    throw err;
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await stop();
  };
  cleanups.push(close);
  return servers.map((s) => ({ url: s.url, pid: s.pid, dataDir: db.dataDir, close }));
}

/**
 * A real server in this process. The per-IP auth limit is raised because every test registers
 * many users from 127.0.0.1; tests of that limit pass their own.
 */
export async function startTestServer(overrides: Partial<ServerOptions> = {}): Promise<TestServer> {
  return (await startTestServers(1, overrides))[0] as TestServer;
}

/**
 * `count` instances in this process over one fresh database, as behind a load balancer. SQLite
 * has a single writer process, so there every "instance" is the same one server; on PostgreSQL
 * they are separate servers sharing the database, and tests that spread requests over them
 * exercise real concurrency between instances.
 */
export async function startTestServers(count: number, overrides: Partial<ServerOptions> = {}): Promise<TestServer[]> {
  const started = await tracked(TEST_BACKEND === 'postgres' ? count : 1, async ({ dataDir, databaseUrl }) => {
    // Imported here so that the e2e and bench processes, which only spawn, never load the server.
    const { startServer } = await import('../server/src/app');
    return startServer({
      jwtSecret: TEST_JWT_SECRET,
      logLevel: 'silent',
      authRateLimit: { windowMs: 60_000, max: 100_000 },
      ...overrides,
      dataDir,
      databaseUrl,
    });
  });
  return Array.from({ length: count }, (_, i) => started[i % started.length] as TestServer);
}

export interface SpawnOptions {
  /** Seed the demo users (default true). */
  demo?: boolean;
  /** Extra environment (SPEC §7 variables), on top of the load-friendly defaults. */
  env?: Record<string, string>;
  /** `source` (default: tsx, what is checked out) or `compiled` (server/dist, built when stale). */
  runtime?: ServerRuntime;
  /** The database (default: the test backend, TEST_BACKEND). */
  backend?: Dialect;
  /** Node flags for the server process (a benchmark's `--cpu-prof`). */
  nodeArgs?: string[];
}

/**
 * A real server in a child process, configured through its environment like production. Rate
 * limits and write budgets are out of the way: one test or benchmark drives many users from one
 * address and seeds bulk data.
 */
export async function spawnTestServer(options: SpawnOptions = {}): Promise<TestServer> {
  return (await spawnTestServers(1, options))[0] as TestServer;
}

/**
 * `count` child-process servers over one fresh database, started one after the other (the first
 * alone seeds the demo data), each with a data folder of its own as on separate machines.
 * `close()` on any of them stops them all.
 */
export async function spawnTestServers(count: number, options: SpawnOptions = {}): Promise<TestServer[]> {
  if (count > 1 && (options.backend ?? TEST_BACKEND) === 'sqlite') {
    throw new Error('several server processes need PostgreSQL: one SQLite file has one writer process');
  }
  const servers = await tracked(
    count,
    async ({ dataDir, databaseUrl }, index) => {
      const child = await startServerProcess({
        port: '0',
        dataDir: index === 0 ? dataDir : await mkdtemp(join(dataDir, `instance-${index}-`)),
        demo: index === 0 && (options.demo ?? true),
        runtime: options.runtime ?? 'source',
        nodeArgs: options.nodeArgs,
        env: {
          ...process.env,
          LOG_LEVEL: 'warn',
          ...UNLIMITED_ENV,
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
          ...options.env,
        },
      });
      return { url: child.url, pid: child.process.pid, close: child.stop };
    },
    options.backend,
  );
  return servers;
}

/** Closes every server this process started and removes their folders; use in afterAll. */
export async function closeAll(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((c) => c()));
}
