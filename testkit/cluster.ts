import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { nginxConfig } from '../scripts/nginx-config.mjs';
import { TEST_DATABASE_URL } from './backend';
import { spawnTestServers, TEST_JWT_SECRET, type SpawnOptions, type TestServer } from './server';

/**
 * Several compiled instances over one PostgreSQL schema and one Redis prefix, behind Debian's
 * nginx run from the project's own deploy/nginx.conf: what an operator runs with `npm run
 * cluster`, started for a test or benchmark and removed by `close()`.
 */

/** The Redis the multi-instance tests share; each cluster keeps to a prefix of its own. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
/** Short, so that a crashed instance's users go offline quickly in tests. */
export const TEST_PRESENCE_TTL_MS = 1_500;

const NGINX_PATHS = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

/** Debian's nginx binary, or null when it is not installed. */
export function findNginx(): string | null {
  return NGINX_PATHS.find((p) => existsSync(p)) ?? null;
}

export interface Needs {
  /** Redis (default true). */
  redis?: boolean;
  /** nginx (default false). */
  nginx?: boolean;
}

/**
 * Why several instances cannot run here (no PostgreSQL, no Redis, or with `nginx`, no nginx), or
 * null when they can. In CI (.ci/run starts them all) a missing service is a failure, not a skip.
 */
export async function servicesUnavailable(needs: Needs = {}): Promise<string | null> {
  const reason = await probe(needs);
  if (reason && process.env.CI) throw new Error(`CI must run the multi-instance tests, but ${reason}`);
  return reason;
}

async function probe(needs: Needs): Promise<string | null> {
  if (needs.nginx && !findNginx()) return `no nginx (looked for ${NGINX_PATHS.join(', ')}); run \`npm run services\``;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
  } catch (err) {
    return `no PostgreSQL at ${TEST_DATABASE_URL} (${(err as Error).message}); run \`npm run services\``;
  } finally {
    await client.end().catch(() => {});
  }
  if (needs.redis === false) return null;
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    return `no Redis at ${TEST_REDIS_URL} (${(err as Error).message}); run \`npm run services\``;
  } finally {
    redis.disconnect();
  }
  return null;
}

/** Removes every key of a cluster's Redis prefix. */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

export interface NginxCluster {
  /** nginx's address: what browsers and clients talk to. */
  url: string;
  /** The instances behind it (host:port), as nginx names them in its log. */
  upstreams: string[];
  /** How many finished requests each upstream served, from nginx's access log (path prefix filter). */
  servedBy(pathPrefix?: string): Promise<Map<string, number>>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until nginx answers (it prints nothing when ready); gives up when it exits. */
async function waitUntilServing(url: string, exited: Promise<unknown>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + 10_000;
  while (!done && Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(done ? 'nginx exited before serving' : 'nginx did not answer within 10 s');
}

/**
 * `count` compiled instances (one JWT secret, PostgreSQL, a fresh Redis prefix, TRUST_PROXY
 * loopback) behind nginx on a free loopback port. Check `servicesUnavailable({ nginx: true })` first.
 */
export async function startNginxCluster(count: number, options: SpawnOptions = {}): Promise<NginxCluster> {
  const nginx = findNginx();
  if (!nginx) throw new Error('no nginx installed');
  const redisPrefix = `test:${randomBytes(6).toString('hex')}:`;
  const instances: TestServer[] = await spawnTestServers(count, {
    runtime: 'compiled',
    ...options,
    backend: 'postgres',
    env: {
      JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redisPrefix,
      PRESENCE_TTL_MS: String(TEST_PRESENCE_TTL_MS),
      TRUST_PROXY: 'loopback',
      ...options.env,
    },
  });
  const prefix = await mkdtemp(join(tmpdir(), 'cleanchat-nginx-'));
  // nginx's workers drop root and must still reach their temp paths under the prefix.
  await chmod(prefix, 0o755);
  const upstreams = instances.map((s) => new URL(s.url).host);
  const port = await freePort();
  await writeFile(join(prefix, 'nginx.conf'), nginxConfig({ prefix, port, upstreams }));
  const child = spawn(nginx, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', join(prefix, 'error.log'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await instances[0]?.close();
    await clearRedisPrefix(redisPrefix);
    await rm(prefix, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(url, exited);
  } catch (err) {
    const log = await readFile(join(prefix, 'error.log'), 'utf8').catch(() => '');
    await close();
    throw new Error(`${(err as Error).message}\n${stderr}${log}`);
  }
  return {
    url,
    upstreams,
    async servedBy(pathPrefix = '/') {
      const counts = new Map(upstreams.map((u) => [u, 0]));
      const log = await readFile(join(prefix, 'access.log'), 'utf8').catch(() => '');
      for (const line of log.split('\n')) {
        const [, , path, , ...tried] = line.split(' ');
        if (!path?.startsWith(pathPrefix) || tried.length === 0) continue;
        // A retried request names every upstream it tried ("a, b"); the last one answered.
        const served = tried.join(' ').split(', ').pop() as string;
        if (counts.has(served)) counts.set(served, (counts.get(served) ?? 0) + 1);
      }
      return counts;
    },
    close,
  };
}
