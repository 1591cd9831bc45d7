import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startServerProcess } from '../../scripts/server-process.mjs';
import { clearRedisPrefix, servicesUnavailable, TEST_PRESENCE_TTL_MS, TEST_REDIS_URL } from '../../testkit/cluster';
import { startServer } from '../src/app';
import { Client, freshDatabase, TEST_JWT_SECRET, type ServerOptions } from './helpers';

export interface Instance {
  url: string;
  /** A clean stop (SIGTERM-like). */
  stop(): Promise<void>;
  /** Child-process instances only: SIGKILL, no shutdown, no more presence renewals. */
  kill?(): Promise<void>;
}

/**
 * Instances of one deployment: one fresh PostgreSQL schema, one Redis prefix, one JWT secret,
 * each instance with a data folder of its own (as on separate machines). `start` runs one in this
 * process; `spawn` runs one as a child process, which a test can kill like a crashed machine.
 */
export async function startCluster(overrides: Partial<ServerOptions> = {}) {
  const db = await freshDatabase('postgres');
  const redisPrefix = `test:${randomBytes(6).toString('hex')}:`;
  const running: Instance[] = [];
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cleanchat-instance-'));
    dirs.push(dir);
    return dir;
  };
  return {
    async start(): Promise<Instance> {
      const server = await startServer({
        jwtSecret: TEST_JWT_SECRET,
        logLevel: 'silent',
        authRateLimit: { windowMs: 60_000, max: 100_000 },
        presenceTtlMs: TEST_PRESENCE_TTL_MS,
        ...overrides,
        dataDir: await dataDir(),
        databaseUrl: db.databaseUrl,
        redisUrl: TEST_REDIS_URL,
        redisPrefix,
      });
      const instance = { url: server.url, stop: () => server.close() };
      running.push(instance);
      return instance;
    },
    async spawn(env: Record<string, string> = {}): Promise<Instance> {
      const child = await startServerProcess({
        port: '0',
        dataDir: await dataDir(),
        demo: false,
        runtime: 'source',
        env: {
          ...process.env,
          LOG_LEVEL: 'warn',
          JWT_SECRET: TEST_JWT_SECRET,
          AUTH_RATE_LIMIT_MAX: '100000',
          DATABASE_URL: db.databaseUrl as string,
          REDIS_URL: TEST_REDIS_URL,
          REDIS_PREFIX: redisPrefix,
          PRESENCE_TTL_MS: String(TEST_PRESENCE_TTL_MS),
          ...env,
        },
      });
      const instance: Instance = {
        url: child.url,
        stop: child.stop,
        async kill() {
          child.process.kill('SIGKILL');
          await child.exited;
        },
      };
      running.push(instance);
      return instance;
    },
    async close() {
      await Promise.all(running.splice(0).map((i) => i.stop()));
      await db.drop();
      await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
      await clearRedisPrefix(redisPrefix);
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>;

/** The same signed-in user talking to another instance. */
export const via = (user: Client, instance: Instance) => new Client(instance.url, user.auth);

/**
 * The set-up every multi-instance test file shares: one cluster with two in-process instances,
 * started before the file's tests and closed after them. Without PostgreSQL or Redis it says so
 * (naming the file) and starts nothing; `unavailable` then holds the reason for `describe.skipIf`.
 */
export async function useTwoInstances(file: string, overrides: Partial<ServerOptions> = {}) {
  const unavailable = await servicesUnavailable();
  if (unavailable) console.warn(`SKIPPED ${file}: ${unavailable}`);
  const setup = { unavailable } as { unavailable: string | null; cluster: Cluster; a: Instance; b: Instance };
  beforeAll(async () => {
    if (unavailable) return;
    setup.cluster = await startCluster(overrides);
    setup.a = await setup.cluster.start();
    setup.b = await setup.cluster.start();
  });
  afterAll(async () => {
    await setup.cluster?.close();
  });
  return setup;
}
