/**
 * Server benchmark (`npm run bench`): stream delivery latency from one user's POST to the other
 * user's stream, and push throughput with 50 concurrent writers, on each backend side by side:
 * SQLite, PostgreSQL, and PostgreSQL with two instances sharing Redis (the writer on one instance,
 * the reader's stream on the other; pushes alternate between them). Compiled servers in child
 * processes on loopback, one setup at a time, each measurement bounded by BENCH_SECONDS (10).
 * Without PostgreSQL (TEST_DATABASE_URL) or Redis its columns say `skipped` and a line says why.
 * Stream delivery stands beside its peer from the same run: the same event bytes written by a bare
 * SSE relay (bare-sse-server.mjs, its own process, stores nothing) to one socket, read by the same
 * client code; the ratio is printed. Prints figures; asserts nothing. BENCH_PROFILE=dir writes each
 * server process's CPU profile (node --cpu-prof) there; BENCH_SETUPS=PostgreSQL runs some setups.
 * Goals on a 2-core machine: p50 ≤ 5 ms, p99 ≤ 25 ms; ≥ 10,000 msg/s on SQLite, ≥ 5,000 on
 * PostgreSQL with two instances.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dmRoomId, newMessageId } from '../../src/shared/ids';
import { TEST_DATABASE_URL } from '../../testkit/backend';
import { clearRedisPrefix, servicesUnavailable, TEST_REDIS_URL } from '../../testkit/cluster';
import { createRow, messageDoc } from '../../testkit/docs';
import { Client, register } from '../../testkit/http';
import { spawnTestServers, TEST_JWT_SECRET, type SpawnOptions } from '../../testkit/server';
import type { SseEvent } from '../../testkit/sse';
import { startBareRelay } from './bare-sse';
import { percentile } from './lib';

const LATENCY_MESSAGES = Number(process.env.BENCH_LATENCY_MESSAGES ?? 1000);
const WRITERS = 50;
const BATCHES_PER_WRITER = Number(process.env.BENCH_BATCHES ?? 10);
const BATCH_SIZE = 100;
/** Each measurement stops at its count or after this long, whichever comes first (bounded run). */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Figures {
  p50: number;
  p99: number;
  /** The bare relay's delivery of the same bytes in the same run (bare-sse-server.mjs). */
  bareP50: number;
  bareP99: number;
  samples: number;
  perSecond: number;
  pushed: number;
  /** PostgreSQL: writers waiting for the feed counter lock, on average over the push run (sampled). */
  lockWaiters?: number;
}

/**
 * Samples, while `run` runs, how many sessions wait for the feed counter lock (the part of a write
 * that runs one at a time across instances): near the pool size means the lock is what limits
 * the throughput, near 0 that the statements outside it do. Cluster-wide, so other users of the
 * database add noise.
 */
async function lockWaiters<T>(run: () => Promise<T>): Promise<[T, number]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  let done = false;
  let sum = 0;
  let samples = 0;
  const sampling = (async () => {
    while (!done) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT COUNT(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND (query LIKE '%feed_counter FOR UPDATE%' OR query LIKE '%feed_write(%')`,
      );
      sum += rows[0]?.n ?? 0;
      samples += 1;
      await new Promise((ok) => setTimeout(ok, 5));
    }
  })();
  try {
    return [await run(), samples === 0 ? 0 : sum / samples];
  } finally {
    done = true;
    await sampling;
    await client.end();
  }
}

/** Alice posts on the first instance, Bob's stream is on the last one; then the same bytes through the bare relay. */
async function latency(urls: string[]): Promise<Pick<Figures, 'p50' | 'p99' | 'samples' | 'bareP50' | 'bareP99'>> {
  const alice = await register({ url: urls[0] as string }, 'client', 'lat_alice');
  const bob = await register({ url: urls.at(-1) as string }, 'cleaner', 'lat_bob');
  const { room } = await alice.startDm(bob.id);
  const waiting = new Map<string, (t: number) => void>();
  let sample: string | undefined;
  const on = ({ event, data }: SseEvent) => {
    if (event !== undefined || !data.startsWith('{')) return;
    const change = JSON.parse(data) as { collection: string; documents: { id: string }[] };
    if (change.collection !== 'messages') return;
    const now = performance.now();
    sample ??= data;
    for (const doc of change.documents) waiting.get(doc.id)?.(now);
  };
  const timed = async (post: (id: string) => Promise<unknown>) => {
    const samples: number[] = [];
    const deadline = performance.now() + SECONDS * 1000;
    for (let i = 0; i < LATENCY_MESSAGES + 50 && (i < 100 || performance.now() < deadline); i++) {
      const id = newMessageId();
      const arrived = new Promise<number>((ok) => waiting.set(id, ok));
      const start = performance.now();
      await post(id);
      const end = await arrived;
      waiting.delete(id);
      if (i >= 50) samples.push(end - start); // the first 50 warm up the JIT and the statement cache
    }
    return samples.sort((a, b) => a - b);
  };
  const stream = await bob.stream(on);
  const samples = await timed((id) => alice.send(room.id, `latency ${id}`, id));
  stream.close();
  // The peer: the same event bytes, from a bare relay in its own process to one socket.
  const relay = await startBareRelay();
  const bareStream = await relay.stream(on);
  const event = JSON.parse(sample as string) as { documents: Array<{ id: string }> };
  const bare = await timed((id) => {
    (event.documents[0] as { id: string }).id = id;
    return relay.send(JSON.stringify(event));
  });
  bareStream.close();
  await relay.close();
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    samples: samples.length,
    bareP50: percentile(bare, 50),
    bareP99: percentile(bare, 99),
  };
}

/** Writer i signs up on instance i mod n, and its batches go round the instances. */
async function throughput(urls: string[]): Promise<Pick<Figures, 'perSecond' | 'pushed'>> {
  const writers: { users: Client[]; roomId: string }[] = [];
  for (let i = 0; i < WRITERS; i++) {
    const user = await register({ url: urls[i % urls.length] as string }, 'client', `w${i}a`);
    const peer = await register({ url: urls[(i + 1) % urls.length] as string }, 'cleaner', `w${i}b`);
    writers.push({ users: urls.map((url) => new Client(url, user.auth)), roomId: dmRoomId(user.id, peer.id) });
  }
  const batch = (w: (typeof writers)[number]) =>
    Array.from({ length: BATCH_SIZE }, (_, i) => createRow(messageDoc(w.users[0]?.id as string, w.roomId, { content: `throughput message ${i}` })));
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  let pushed = 0;
  await Promise.all(
    writers.map(async (w, i) => {
      for (let b = 0; b < BATCHES_PER_WRITER && performance.now() < deadline; b++) {
        const user = w.users[(i + b) % w.users.length] as Client;
        const conflicts = await user.call<unknown[]>('POST', '/api/sync/messages/push', batch(w));
        if (conflicts.length > 0) throw new Error(`unexpected conflicts: ${conflicts.length}`);
        pushed += BATCH_SIZE;
      }
    }),
  );
  return { perSecond: pushed / ((performance.now() - start) / 1000), pushed };
}

interface Setup {
  name: string;
  instances: number;
  options: SpawnOptions;
  /** Why it cannot run here, or null. */
  unavailable: () => Promise<string | null>;
}

const redisPrefix = `bench:${randomBytes(6).toString('hex')}:`;
const setups: Setup[] = [
  { name: 'SQLite', instances: 1, options: { backend: 'sqlite' }, unavailable: async () => null },
  { name: 'PostgreSQL', instances: 1, options: { backend: 'postgres' }, unavailable: () => servicesUnavailable({ redis: false }) },
  {
    name: 'PostgreSQL ×2 + Redis',
    instances: 2,
    options: { backend: 'postgres', env: { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: redisPrefix, JWT_SECRET: TEST_JWT_SECRET } },
    unavailable: () => servicesUnavailable(),
  },
];

const results = new Map<string, Figures>();
// BENCH_SETUPS=PostgreSQL runs only the setups whose name contains one of the comma-separated words.
const only = process.env.BENCH_SETUPS?.split(',').filter(Boolean);
for (const setup of setups) {
  if (only && !only.some((word) => setup.name.includes(word))) continue;
  const reason = await setup.unavailable();
  if (reason) {
    console.log(`${setup.name}: SKIPPED (${reason})`);
    continue;
  }
  // Compiled, as production runs it; in their own processes, so load and server do not share an event loop.
  const nodeArgs = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const servers = await spawnTestServers(setup.instances, { demo: false, runtime: 'compiled', nodeArgs, ...setup.options });
  const urls = servers.map((s) => s.url);
  try {
    const lat = await latency(urls);
    const [push, waiters] = setup.options.backend === 'postgres' ? await lockWaiters(() => throughput(urls)) : [await throughput(urls)];
    const figures: Figures = { ...lat, ...push, lockWaiters: waiters };
    results.set(setup.name, figures);
    console.log(
      `${setup.name}: delivery p50 ${figures.p50.toFixed(2)} ms, p99 ${figures.p99.toFixed(2)} ms (${figures.samples} messages; ` +
        `bare relay ${figures.bareP50.toFixed(2)} / ${figures.bareP99.toFixed(2)} ms); ` +
        `push ${Math.round(figures.perSecond).toLocaleString('en')} msg/s (${figures.pushed.toLocaleString('en')} messages` +
        `${figures.lockWaiters === undefined ? '' : `; ${figures.lockWaiters.toFixed(1)} writers waiting for the feed lock on average`})`,
    );
  } finally {
    await servers[0]?.close();
    if (setup.instances > 1) await clearRedisPrefix(redisPrefix);
  }
}

const columns = setups.map((s) => s.name);
const cell = (name: string, f: (r: Figures) => string) => {
  const r = results.get(name);
  return r ? f(r) : 'skipped';
};
const ms = (v: number) => `${v.toFixed(2)} ms`;
const rate = (v: number) => `${Math.round(v).toLocaleString('en')} msg/s`;
const rows = [
  ['figure', ...columns, 'goal'],
  ['stream delivery p50', ...columns.map((c) => cell(c, (r) => ms(r.p50))), '≤ 5 ms'],
  ['  peer: bare SSE relay p50', ...columns.map((c) => cell(c, (r) => ms(r.bareP50))), '—'],
  ['  ratio', ...columns.map((c) => cell(c, (r) => `${(r.p50 / r.bareP50).toFixed(2)}×`)), '—'],
  ['stream delivery p99', ...columns.map((c) => cell(c, (r) => ms(r.p99))), '≤ 25 ms'],
  ['  peer: bare SSE relay p99', ...columns.map((c) => cell(c, (r) => ms(r.bareP99))), '—'],
  ['  ratio', ...columns.map((c) => cell(c, (r) => `${(r.p99 / r.bareP99).toFixed(2)}×`)), '—'],
  [
    `push throughput (${WRITERS} writers, batches of ${BATCH_SIZE})`,
    ...columns.map((c) => cell(c, (r) => rate(r.perSecond))),
    '≥ 10,000 SQLite; ≥ 5,000 PostgreSQL ×2',
  ],
];
const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join(' | ');
console.log(`\n${line(rows[0] as string[])}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
for (const r of rows.slice(1)) console.log(line(r));
console.log(
  `(each measurement: up to ${LATENCY_MESSAGES} messages or ${WRITERS}×${BATCHES_PER_WRITER} batches, at most ${SECONDS} s; ` +
    'PostgreSQL ×2: the writer and the reader on different instances, pushes alternating between them.)',
);
