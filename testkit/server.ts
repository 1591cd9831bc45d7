import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerRuntime } from '../scripts/server-process.mjs';
import type { startServer } from '../server/src/app';

/**
 * The one way tests and benchmarks start a sync server: in this process (`startTestServer`, the
 * server unit tests) or as a child process (`spawnTestServer`: e2e, where the server must outlive
 * a browser's page, and benchmarks, where load and server must not share an event loop). Both
 * use port 0 and a fresh temp data folder that `close()` removes.
 */

export type ServerOptions = Parameters<typeof startServer>[0];

/** Tests sign their own tokens (expired, wrong algorithm) with this secret. */
export const TEST_JWT_SECRET = 'cleanchat-test-secret-0123456789abcdef';

export interface TestServer {
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];

async function tracked(prefix: string, start: (dataDir: string) => Promise<{ url: string; close(): Promise<void> }>): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  let server: { url: string; close(): Promise<void> };
  try {
    server = await start(dataDir);
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  cleanups.push(close);
  return { url: server.url, dataDir, close };
}

/**
 * A real server in this process. The per-IP auth limit is raised because every test registers
 * many users from 127.0.0.1; tests of that limit pass their own.
 */
export function startTestServer(overrides: Partial<ServerOptions> = {}): Promise<TestServer> {
  return tracked('cleanchat-test-', async (dataDir) => {
    // Imported here so that the e2e and bench processes, which only spawn, never load the server.
    const { startServer } = await import('../server/src/app');
    return startServer({
      jwtSecret: TEST_JWT_SECRET,
      logLevel: 'silent',
      authRateLimit: { windowMs: 60_000, max: 100_000 },
      ...overrides,
      dataDir,
    });
  });
}

export interface SpawnOptions {
  /** Seed the demo users (default true). */
  demo?: boolean;
  /** Extra environment (SPEC §7 variables), on top of the load-friendly defaults. */
  env?: Record<string, string>;
  /** `source` (default: tsx, what is checked out) or `compiled` (server/dist, built when stale). */
  runtime?: ServerRuntime;
}

/**
 * A real server in a child process, configured through its environment like production. Rate
 * limits and write budgets are out of the way: one test or benchmark drives many users from one
 * address and seeds bulk data.
 */
export function spawnTestServer(options: SpawnOptions = {}): Promise<TestServer> {
  return tracked('cleanchat-spawn-', async (dataDir) => {
    const child = await startServerProcess({
      port: '0',
      dataDir,
      demo: options.demo ?? true,
      runtime: options.runtime ?? 'source',
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MAX: '1000000',
        AUTH_RATE_LIMIT_MAX: '1000000',
        WRITE_ROWS_MAX: '10000000',
        WRITE_BURST_ROWS: '10000000',
        MESSAGE_QUOTA: '10000000',
        ...options.env,
      },
    });
    return { url: child.url, close: child.stop };
  });
}

/** Closes every server this process started and removes their folders; use in afterAll. */
export async function closeAll(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((c) => c()));
}
