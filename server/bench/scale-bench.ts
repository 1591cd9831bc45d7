/**
 * Scale benchmark (`npm run bench`, issue 8): a database of 2,000 users and ~1M messages built
 * by SQL (scale-data.ts), then measured over HTTP on a real server process. Each figure is printed
 * beside its goal and beside a peer from the same run: the same endpoint for a light user (3 small
 * rooms), a pull of 100, or the same push on an empty database. Prints figures; asserts nothing.
 * BENCH_SCALE=0.1 shrinks the data set, BENCH_SAMPLES the requests per figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startServerProcess } from '../../scripts/server-process.mjs';
import { createRow, messageDoc } from '../../testkit/docs';
import { call, register } from '../../testkit/http';
import { spawnTestServer } from '../../testkit/server';
import { percentile } from './lib';
import { unreadCountSql, unreadRecountSql } from '../src/db/messages';
import { buildScaleData, SCALE_PASSWORD } from './scale-data';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const PUSH_BATCHES = Number(process.env.BENCH_PUSH_BATCHES ?? 40);
const PUSH_WRITERS = 4;
const BATCH = 100;

type Stats = { p50: number; p99: number; max: number };
const stats = (samples: number[]): Stats => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
};
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function sample(fn: (i: number) => Promise<unknown>, n = SAMPLES): Promise<Stats> {
  for (let i = 0; i < 10; i++) await fn(i); // warm-up: JIT and statement cache
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await timed(() => fn(i)));
  return stats(out);
}

function row(name: string, s: Stats, goal: string, peerName: string, peer: Stats): void {
  console.log(
    `${name.padEnd(40)} p50 ${ms(s.p50).padStart(10)}  p99 ${ms(s.p99).padStart(10)}  (goal ${goal})` +
      `  | ${peerName}: p50 ${ms(peer.p50)}, p99 ${ms(peer.p99)}; ratio p99 ${(s.p99 / peer.p99).toFixed(1)}×`,
  );
}

const api = <T>(url: string, method: string, path: string, token?: string, body?: unknown) => call<T>(url, method, path, { token, body });
const login = async (url: string, username: string) =>
  (await api<{ access_token: string }>(url, 'POST', '/api/auth/login', undefined, { username, password: SCALE_PASSWORD })).access_token;

const pushRows = (roomId: string, senderId: string) =>
  Array.from({ length: BATCH }, (_, i) => createRow(messageDoc(senderId, roomId, { content: `scale push ${i}` })));

/** msg/s of PUSH_WRITERS users pushing batches of 100 at once, each into its own DM. */
async function pushThroughput(url: string, writers: Array<{ token: string; id: string; roomId: string }>): Promise<number> {
  const start = performance.now();
  await Promise.all(
    writers.map(async (w) => {
      for (let b = 0; b < PUSH_BATCHES; b++) await api(url, 'POST', '/api/sync/messages/push', w.token, pushRows(w.roomId, w.id));
    }),
  );
  return (writers.length * PUSH_BATCHES * BATCH) / ((performance.now() - start) / 1000);
}

async function emptyServerPush(): Promise<number> {
  const server = await spawnTestServer({ demo: false });
  try {
    const writers = [];
    for (let i = 0; i < PUSH_WRITERS; i++) {
      const a = await register(server, 'client', `empty_w${i}`);
      const b = await register(server, 'cleaner', `empty_p${i}`);
      const { room } = await a.startDm(b.id);
      writers.push({ token: a.token, id: a.id, roomId: room.id });
    }
    return await pushThroughput(server.url, writers);
  } finally {
    await server.close();
  }
}

/**
 * The unread counts of the heavy client's whole room list, in process: main's statement (every
 * index entry of the room, then rows for the tail) against the unread-tail range, interleaved on
 * the same database so machine noise hits both alike.
 */
function unreadStatements(dataDir: string, heavyId: string): void {
  const db = new Database(join(dataDir, 'cleanchat.sqlite'), { readonly: true });
  const rooms = db.prepare('SELECT room_id, last_read_at FROM memberships WHERE user_id = ? AND active = 1').all(heavyId) as Array<{ room_id: string; last_read_at: string | null }>;
  const before = db.prepare(
    `SELECT COUNT(*) AS n FROM messages WHERE room_id = @room AND sender_id != @me AND deleted = 0
       AND received_at IS NOT NULL AND (@since IS NULL OR received_at > @since)`,
  );
  const after = db.prepare(`SELECT ${unreadCountSql('@room', '@me', '@since')} AS n`);
  for (const [label, marker] of [['read but the last 0–19', (r: (typeof rooms)[number]) => r.last_read_at], ['never read', () => null]] as const) {
    const times = { before: [] as number[], after: [] as number[] };
    for (let i = 0; i < 12; i++) {
      for (const [name, stmt] of [['before', before], ['after', after]] as const) {
        const t = performance.now();
        for (const r of rooms) stmt.get({ room: r.room_id, me: heavyId, since: marker(r) });
        times[name].push(performance.now() - t);
      }
    }
    const b = stats(times.before.slice(2));
    const a = stats(times.after.slice(2));
    console.log(`unread counts of the heavy list, ${label}: unread-tail SQL p50 ${ms(a.p50)}  | main's SQL: p50 ${ms(b.p50)}; ratio ${(a.p50 / b.p50).toFixed(3)}×`);
  }
  db.close();
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cleanchat-scale-'));
  try {
    let t = performance.now();
    const data = await buildScaleData(dataDir, SCALE);
    console.log(`built ${data.messages.toLocaleString('en')} messages by SQL in ${((performance.now() - t) / 1000).toFixed(1)} s (BENCH_SCALE=${SCALE})`);
    unreadStatements(dataDir, data.heavyId);
    t = performance.now();
    // The test kit's spawner on this data set: the same load-friendly limits as spawnTestServer.
    const server = await startServerProcess({
      port: '0',
      dataDir,
      demo: false,
      runtime: 'source',
      env: { ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000', AUTH_RATE_LIMIT_MAX: '1000000', WRITE_ROWS_MAX: '10000000', WRITE_BURST_ROWS: '10000000', MESSAGE_QUOTA: '10000000' },
    });
    console.log(`server started on it in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    try {
      const { url } = server;
      const heavy = await login(url, data.heavy);
      const light = await login(url, data.light);
      const get = (token: string, path: string) => () => api(url, 'GET', path, token);
      const post = (token: string, path: string) => () => api(url, 'POST', path, token, {});
      const probe = get(light, '/api/auth/me');
      const idle = await sample(probe);

      row('GET /api/chat/rooms/ (heavy)', await sample(get(heavy, '/api/chat/rooms/')), 'p99 ≤ 10 ms', 'light user', await sample(get(light, '/api/chat/rooms/')));
      row('GET direct_messages/ (heavy)', await sample(get(heavy, '/api/chat/rooms/direct_messages/')), 'p99 ≤ 10 ms', 'light user', await sample(get(light, '/api/chat/rooms/direct_messages/')));
      const big = `/api/chat/rooms/${encodeURIComponent(data.bigRoom)}/`;
      const small = `/api/chat/rooms/${encodeURIComponent(data.smallRoom)}/`;
      row('GET /rooms/:id/ (50k-message room)', await sample(get(heavy, big)), 'p99 ≤ 10 ms', '100-message room', await sample(get(light, small)));
      row('POST /read/ (50k-message room)', await sample(post(heavy, `${big}read/`)), 'p99 ≤ 10 ms', '100-message room', await sample(post(light, `${small}read/`)));
      const pullAt = (limit: number) => (i: number) =>
        api(url, 'GET', `/api/sync/messages/pull?limit=${limit}&checkpoint=${encodeURIComponent(JSON.stringify({ seq: (i * 7919) % Math.max(1, data.messages) }))}`, heavy);
      row('pull of 1,000 messages', await sample(pullAt(1000), Math.min(SAMPLES, 100)), 'p99 ≤ 15 ms', 'pull of 100', await sample(pullAt(100), Math.min(SAMPLES, 100)));

      // The worst case of the index: the heavy client has never read anything (200,000 unread).
      const side = new Database(join(dataDir, 'cleanchat.sqlite'));
      const markers = side.prepare('SELECT id, last_read_at FROM memberships WHERE user_id = ?').all(data.heavyId) as Array<{ id: string; last_read_at: string | null }>;
      // The marker and the counter it gives, as the server keeps them together.
      const setMarker = side.prepare(`UPDATE memberships SET last_read_at = @at, unread_count = ${unreadRecountSql('@at')} WHERE id = @id`);
      side.transaction(() => markers.forEach((m) => setMarker.run({ at: null, id: m.id })))();
      row('GET /api/chat/rooms/ (heavy, never read)', await sample(get(heavy, '/api/chat/rooms/'), Math.min(SAMPLES, 50)), 'p99 ≤ 10 ms', 'light user', await sample(get(light, '/api/chat/rooms/'), Math.min(SAMPLES, 50)));
      side.transaction(() => markers.forEach((m) => setMarker.run({ at: m.last_read_at, id: m.id })))();
      side.close();

      const writers = await Promise.all(
        data.writers.slice(0, PUSH_WRITERS).map(async (w) => ({ ...w, token: await login(url, w.username) })),
      );
      const full = await pushThroughput(url, writers);
      const empty = await emptyServerPush();
      console.log(`push throughput (${PUSH_WRITERS} writers × ${BATCH} rows)  ${Math.round(full).toLocaleString('en')} msg/s (goal ≥ 5,000)  | empty database: ${Math.round(empty).toLocaleString('en')} msg/s; ratio ${(full / empty).toFixed(2)}×`);

      // Under load: the heavy list in a loop and four writers pushing, while a light probe measures
      // how long any one request holds the server's single thread.
      let running = true;
      const probes: number[] = [];
      const lists: number[] = [];
      const probing = (async () => {
        while (running) probes.push(await timed(probe));
      })();
      const listing = (async () => {
        while (running) lists.push(await timed(get(heavy, '/api/chat/rooms/')));
      })();
      await pushThroughput(url, writers);
      running = false;
      await Promise.all([probing, listing]);
      const p = stats(probes);
      row('heavy rooms list while 4 push', stats(lists), 'p99 ≤ 10 ms', 'idle light probe', idle);
      console.log(
        `worst block (light probe under load)  max ${ms(p.max)}, p99 ${ms(p.p99)} (goal no block > 20 ms)  | idle probe: max ${ms(idle.max)}, p99 ${ms(idle.p99)}; ratio max ${(p.max / idle.max).toFixed(1)}×`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
