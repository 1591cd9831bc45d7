/**
 * Scale benchmark (`npm run bench`, issue 8): a database of 2,000 users and ~1M messages built by
 * SQL (scale-data.ts), measured over HTTP on a real server process, on SQLite and then on
 * PostgreSQL (a copy of the same rows, scale-pg.ts) when TEST_DATABASE_URL or DATABASE_URL is
 * given. Each endpoint's p50/p99 is printed beside its goal, beside a peer from the same run (a
 * bare indexed SELECT of the same rows, through the same `Sql` seam, with no HTTP or JSON), and
 * beside the longest stall of the server's event loop while it was sampled (scale-server.ts).
 * Prints figures; asserts nothing. BENCH_SCALE=0.1 builds a tenth of the data set,
 * BENCH_SAMPLES sets the requests per figure, BENCH_SECONDS bounds the push phases, and
 * BENCH_PROFILE=<dir> writes the server's CPU profile (.cpuprofile, for Chrome's DevTools) there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../src/db/database';
import { postgresSql } from '../src/db/postgres';
import { sqliteSql, type Sql } from '../src/db/sql';
import { unreadRecountSql } from '../src/db/messages';
import { buildScaleData, type ScaleData } from './scale-data';
import { copyToPostgres, pgProblem } from './scale-pg';
import { loginAs, pushWriters, sample, startMonitoredServer, stats, type MonitoredServer, type Stats } from './scale-lib';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);

const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);

interface Figure {
  name: string;
  goal: number;
  /** The request, given the sample's index. */
  run: (i: number) => Promise<unknown>;
  peer: { name: string; run: (i: number) => Promise<unknown> };
  samples?: number;
}

/** Samples the figure and its peer; prints one line; returns the longest stall while it ran. */
async function report(server: MonitoredServer, f: Figure): Promise<number> {
  const n = f.samples ?? SAMPLES;
  for (let i = 0; i < 10; i++) await f.run(i); // warm-up outside the window
  await server.resetDelay();
  const s = await sample(f.run, n, 0);
  const { max: block, cpu } = await server.readDelay();
  const p = await sample(f.peer.run, n);
  const verdict = s.p99 <= f.goal ? 'meets' : 'misses';
  console.log(
    `  ${f.name.padEnd(36)} p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  (goal p99 ≤ ${f.goal} ms: ${verdict})` +
      `  | ${f.peer.name}: p50 ${ms(p.p50)}, p99 ${ms(p.p99)}; ratio p99 ${(s.p99 / p.p99).toFixed(1)}×` +
      `  | server CPU ${ms(cpu / n)}/request, longest stall ${ms(block)}`,
  );
  return block;
}

function blockLine(name: string, block: number, idle: Stats & { stall: number }): void {
  console.log(
    `  ${name.padEnd(36)} ${ms(block)}  (goal ≤ 20 ms: ${block <= 20 ? 'meets' : 'misses'})  | idle server, same probe: ${ms(idle.stall)}; ratio ${(block / Math.max(idle.stall, 0.01)).toFixed(1)}×`,
  );
}

async function measure(label: string, server: MonitoredServer, peer: Sql, data: ScaleData): Promise<void> {
  console.log(`\n${label}`);
  const { url } = server;
  const heavy = await loginAs(url, data.heavy);
  const light = await loginAs(url, data.light);
  const support = await loginAs(url, data.support);
  const probe = () => light.get('/api/auth/me');
  await server.resetDelay();
  const idle = { ...(await sample(probe, SAMPLES)), stall: (await server.readDelay()).max };
  console.log(`  HTTP floor (GET /api/auth/me)        p50 ${ms(idle.p50)}  p99 ${ms(idle.p99)}  | longest stall ${ms(idle.stall)}`);

  const rooms = `SELECT r.*, m.unread_count FROM memberships m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = ? AND m.active = 1`;
  const select = (text: string, params: (i: number) => unknown[]) => (i: number) => peer.all(text, params(i));
  const big = `/api/chat/rooms/${encodeURIComponent(data.bigRoom)}/`;
  const checkpoint = (i: number) => (i * 7919) % Math.max(1, data.messages);
  const figures: Figure[] = [
    { name: 'GET /api/chat/rooms/ (heavy, 300)', goal: 10, run: () => heavy.get('/api/chat/rooms/'), peer: { name: 'bare SELECT', run: select(rooms, () => [data.heavyId]) } },
    {
      name: 'GET direct_messages/ (heavy)',
      goal: 10,
      run: () => heavy.get('/api/chat/rooms/direct_messages/'),
      peer: { name: 'bare SELECT', run: select(`${rooms} AND r.room_type = 'direct'`, () => [data.heavyId]) },
    },
    { name: 'GET /rooms/:id/ (50k-message room)', goal: 10, run: () => heavy.get(big), peer: { name: 'bare SELECT', run: select('SELECT * FROM rooms WHERE id = ?', () => [data.bigRoom]) } },
    {
      name: `GET /api/support/ (${data.supportRooms} open)`,
      goal: 10,
      run: () => support.get('/api/support/?status=open'),
      peer: { name: 'bare SELECT', run: select(`${rooms} AND r.room_type = 'support' AND r.status = 'open'`, () => [data.supportId]) },
    },
    {
      name: 'POST /read/ (50k-message room)',
      goal: 10,
      run: () => heavy.post(`${big}read/`),
      peer: { name: 'bare SELECT', run: select('SELECT received_at FROM messages WHERE room_id = ? AND received_at IS NOT NULL ORDER BY received_at DESC LIMIT 1', () => [data.bigRoom]) },
    },
    {
      name: 'pull of 1,000 messages',
      goal: 15,
      samples: Math.min(SAMPLES, 100),
      run: (i) => heavy.get(`/api/sync/messages/pull?limit=1000&checkpoint=${encodeURIComponent(JSON.stringify({ seq: checkpoint(i) }))}`),
      peer: {
        name: 'bare SELECT',
        run: select(
          `SELECT f.seq, f.revoked, x.* FROM feed f JOIN messages x ON x.id = f.doc_id
           WHERE f.user_id = ? AND f.collection = 'messages' AND f.seq > ? ORDER BY f.seq LIMIT 1000`,
          (i) => [data.heavyId, checkpoint(i)],
        ),
      },
    },
  ];
  let worst = 0;
  for (const f of figures) worst = Math.max(worst, await report(server, f));

  // The worst case of unread: the heavy client has never read anything (200,000 unread).
  const markers = await peer.all<{ id: string; last_read_at: string | null }>('SELECT id, last_read_at FROM memberships WHERE user_id = ?', [data.heavyId]);
  const setMarker = `UPDATE memberships SET last_read_at = CAST(@at AS TEXT), unread_count = ${unreadRecountSql('CAST(@at AS TEXT)')} WHERE id = @id`;
  const setAll = (at: (m: (typeof markers)[number]) => string | null) =>
    peer.transaction(async () => {
      for (const m of markers) await peer.run(setMarker, { at: at(m), id: m.id });
    });
  await setAll(() => null);
  worst = Math.max(worst, await report(server, { ...figures[0]!, name: 'GET /api/chat/rooms/ (never read)', samples: Math.min(SAMPLES, 50) }));
  await setAll((m) => m.last_read_at);
  blockLine('worst block, endpoints one at a time', worst, idle);

  // Under load: the heavy list in a loop and four writers pushing; the light probe's latency and the
  // event loop's longest stall say how long any one request held the server.
  const writers = await Promise.all(data.writers.slice(0, 4).map(async (w) => ({ ...w, client: await loginAs(url, w.username) })));
  let running = true;
  const probes: number[] = [];
  const lists: number[] = [];
  const loop = async (fn: () => Promise<unknown>, into: number[]) => {
    while (running) {
      const t = performance.now();
      await fn();
      into.push(performance.now() - t);
    }
  };
  await server.resetDelay();
  const looping = [loop(probe, probes), loop(() => heavy.get('/api/chat/rooms/'), lists)];
  const rate = await pushWriters(writers);
  running = false;
  await Promise.all(looping);
  const loaded = await server.readDelay();
  const l = stats(lists);
  const p = stats(probes);
  console.log(`  push while listing (4 writers × 100) ${Math.round(rate).toLocaleString('en')} msg/s (goal ≥ 5,000)`);
  console.log(`  heavy rooms list while 4 push        p50 ${ms(l.p50)}  p99 ${ms(l.p99)}  (goal p99 ≤ 10 ms)  | HTTP floor idle: p99 ${ms(idle.p99)}; ratio p99 ${(l.p99 / idle.p99).toFixed(1)}×`);
  console.log(`  light probe while 4 push             p50 ${ms(p.p50)}  p99 ${ms(p.p99)}  max ${ms(p.max)}`);
  blockLine('worst block while 4 push', loaded.max, idle);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cleanchat-scale-'));
  const pgDir = mkdtempSync(join(tmpdir(), 'cleanchat-scale-pg-'));
  try {
    let t = performance.now();
    const data = await buildScaleData(dataDir, SCALE);
    console.log(`built ${data.messages.toLocaleString('en')} messages by SQL in ${((performance.now() - t) / 1000).toFixed(1)} s (BENCH_SCALE=${SCALE})`);

    const lite = new Database(join(dataDir, DATABASE_FILE));
    lite.pragma('busy_timeout = 5000');
    const server = await startMonitoredServer({ DATA_DIR: dataDir });
    try {
      await measure('SQLite', server, sqliteSql(lite), data);
    } finally {
      await server.stop();
      lite.close();
    }

    const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
    const problem = await pgProblem(base);
    if (problem) return console.log(`\nPostgreSQL: skipped (${problem})`);
    t = performance.now();
    const schema = await copyToPostgres(base as string, dataDir);
    console.log(`\ncopied to PostgreSQL in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const peer = await postgresSql(schema.url, 2);
    const pgServer = await startMonitoredServer({ DATA_DIR: pgDir, DATABASE_URL: schema.url });
    try {
      await measure('PostgreSQL', pgServer, peer, data);
    } finally {
      await pgServer.stop();
      await peer.close();
      await schema.drop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(pgDir, { recursive: true, force: true });
  }
}

await main();
