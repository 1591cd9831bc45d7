/** The scale benchmark's tools: its server process, its timing, and its HTTP users and writers. */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { createRow, messageDoc } from '../../testkit/docs';
import { call } from '../../testkit/http';
import { UNLIMITED_ENV } from '../../testkit/server';
import { percentile } from './lib';
import type { MonitorAnswer, MonitorMessage } from './scale-server';
import { SCALE_PASSWORD } from './scale-data';

const PUSH_BATCHES = Number(process.env.BENCH_PUSH_BATCHES ?? 40);
const PUSH_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PROFILE_DIR = process.env.BENCH_PROFILE;

export type Stats = { p50: number; p99: number; max: number };
export const stats = (samples: number[]): Stats => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
};

/** `n` timed runs of `fn` after `warmUp` untimed ones (JIT, statement caches). */
export async function sample(fn: (i: number) => Promise<unknown>, n: number, warmUp = 10): Promise<Stats> {
  for (let i = 0; i < warmUp; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    out.push(performance.now() - start);
  }
  return stats(out);
}

export interface MonitoredServer {
  url: string;
  /** Starts a new measuring window of the server's event-loop delay. */
  resetDelay(): Promise<void>;
  /** The longest and p99 stall of the server's event loop, and its CPU time, since `resetDelay` (ms). */
  readDelay(): Promise<{ max: number; p99: number; cpu: number }>;
  stop(): Promise<void>;
}

/** The server (scale-server.ts) in a child process, configured by `env` over load-friendly limits. */
export async function startMonitoredServer(env: Record<string, string>): Promise<MonitoredServer> {
  const child = fork(join(import.meta.dirname, 'scale-server.ts'), [], {
    // BENCH_PROFILE=<dir> writes the server's CPU profile there (a .cpuprofile for Chrome's DevTools) when it stops.
    execArgv: ['--import', 'tsx', ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: '0',
      LOG_LEVEL: 'warn',
      ...UNLIMITED_ENV,
      ...env,
    },
  });
  const next = <T extends MonitorAnswer['type']>(type: T) =>
    new Promise<Extract<MonitorAnswer, { type: T }>>((resolve, reject) => {
      const onMessage = (m: MonitorAnswer) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<MonitorAnswer, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`the server exited (${code}) before answering ${type}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ask = <T extends MonitorMessage['type']>(type: T) => {
    const answer = next(type);
    child.send({ type });
    return answer;
  };
  const { url } = await next('listening');
  return {
    url,
    resetDelay: async () => void (await ask('reset')),
    readDelay: async () => {
      const { max, p99, cpu } = await ask('read');
      return { max, p99, cpu };
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A signed-in user of the data set, with GET and POST. */
export async function loginAs(url: string, username: string) {
  const { access_token: token } = await call<{ access_token: string }>(url, 'POST', '/api/auth/login', { body: { username, password: SCALE_PASSWORD } });
  return {
    token,
    get: (path: string) => call(url, 'GET', path, { token }),
    post: (path: string, body: unknown = {}) => call(url, 'POST', path, { token, body }),
  };
}

/**
 * msg/s of the writers pushing batches of 100 at once, each into its own DM, for PUSH_BATCHES
 * batches each or until PUSH_SECONDS have passed (PostgreSQL is slower to push; issue 8).
 */
export async function pushWriters(writers: Array<{ id: string; roomId: string; client: Awaited<ReturnType<typeof loginAs>> }>): Promise<number> {
  const start = performance.now();
  let sent = 0;
  await Promise.all(
    writers.map(async (w) => {
      for (let b = 0; b < PUSH_BATCHES && performance.now() - start < PUSH_SECONDS * 1000; b++) {
        const rows = Array.from({ length: 100 }, (_, i) => createRow(messageDoc(w.id, w.roomId, { content: `scale push ${i}` })));
        await w.client.post('/api/sync/messages/push', rows);
        sent += rows.length;
      }
    }),
  );
  return sent / ((performance.now() - start) / 1000);
}
