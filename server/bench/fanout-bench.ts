/**
 * Fan-out benchmark (`npm run bench`, issue 11): stream delivery from one member's POST to every
 * other member's open stream in a group of 256, beside the same figure for a 2-person DM in the
 * same run (the same server, the same 256 streams open; the two kinds of message alternate).
 * SQLite, then PostgreSQL when it is reachable (TEST_DATABASE_URL). A compiled server in a child
 * process on loopback, so load and server do not share an event loop; limits are the test kit's
 * load-friendly ones (one stream per user here, well under STREAMS_PER_USER). Asserts nothing.
 * Bounded: BENCH_FANOUT_MESSAGES (50) of each kind, at most BENCH_SECONDS (10) per backend,
 * and a message not delivered within 10 s counts as missing.
 * Goals (the stream goals of the server benchmark): p50 ≤ 5 ms, p99 ≤ 25 ms; ratio to the DM ≤ 5×.
 */
import { newMessageId } from '../../src/shared/ids';
import { servicesUnavailable } from '../../testkit/cluster';
import { register, type Client } from '../../testkit/http';
import { spawnTestServer } from '../../testkit/server';
import type { SseReader } from '../../testkit/sse';
import type { Dialect } from '../src/db/sql';
import { percentile } from './lib';

const MEMBERS = 256;
const MESSAGES = Number(process.env.BENCH_FANOUT_MESSAGES ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP = 5;
const DELIVERY_TIMEOUT_MS = 10_000;

/** Message id → the recipients still waiting for it, and when each got it. */
interface Pending {
  waiting: number;
  arrivals: number[];
  done: () => void;
}

interface Figures {
  messages: number;
  samples: number[];
  /** POST → the last recipient's event, per message. */
  last: number[];
  missing: number;
}

/** Opens one stream per user; each message event is timed against `pending`. */
async function openStreams(users: Client[], pending: Map<string, Pending>): Promise<SseReader[]> {
  const streams: SseReader[] = [];
  for (const user of users) {
    streams.push(
      await user.stream(({ event, data }) => {
        if (event !== undefined || !data.startsWith('{')) return;
        const now = performance.now();
        const change = JSON.parse(data) as { collection: string; documents: { id: string }[] };
        if (change.collection !== 'messages') return;
        for (const doc of change.documents) {
          const p = pending.get(doc.id);
          if (!p) continue;
          p.arrivals.push(now);
          if (--p.waiting === 0) p.done();
        }
      }),
    );
  }
  return streams;
}

/** Posts one message and times its arrival at `recipients` streams. */
async function deliver(
  sender: Client,
  roomId: string,
  recipients: number,
  pending: Map<string, Pending>,
  into: Figures,
) {
  const id = newMessageId();
  const p: Pending = { waiting: recipients, arrivals: [], done: () => {} };
  let timer: NodeJS.Timeout | undefined;
  const all = new Promise<void>((ok) => {
    p.done = ok;
    timer = setTimeout(ok, DELIVERY_TIMEOUT_MS);
  });
  pending.set(id, p);
  const start = performance.now();
  await sender.send(roomId, `fan-out ${id}`, id);
  await all;
  clearTimeout(timer);
  pending.delete(id);
  into.messages += 1;
  into.samples.push(...p.arrivals.map((t) => t - start));
  into.missing += recipients - p.arrivals.length;
  if (p.arrivals.length === recipients) into.last.push(Math.max(...p.arrivals) - start);
}

async function run(backend: Dialect): Promise<{ group: Figures; dm: Figures }> {
  const started = performance.now();
  const server = await spawnTestServer({ demo: false, runtime: 'compiled', backend });
  try {
    // A few at a time: registration hashes a password (scrypt), which is meant to be slow.
    const users: Client[] = [];
    for (let i = 0; i < MEMBERS + 1; i += 8) {
      const batch = Array.from({ length: Math.min(8, MEMBERS + 1 - i) }, (_, j) =>
        register(server, 'client', `fan${i + j}`),
      );
      users.push(...(await Promise.all(batch)));
    }
    const registered = performance.now();
    const [sender, dmPeer, ...others] = users as [Client, Client, ...Client[]];
    const members = others.slice(0, MEMBERS - 1);
    const group = await sender.call<{ id: string }>('POST', '/api/chat/rooms/', {
      room_type: 'group',
      name: 'Fan-out bench',
      participant_ids: members.map((m) => m.id),
    });
    const { room: dm } = await sender.startDm(dmPeer.id);
    const grouped = performance.now();
    const pending = new Map<string, Pending>();
    const streams = await openStreams([...members, dmPeer], pending);
    const s = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
    console.log(
      `${backend}: set up in ${s(started, performance.now())} (server and ${users.length} users ${s(started, registered)}, ` +
        `the group and the DM ${s(registered, grouped)}, ${streams.length} streams ${s(grouped, performance.now())})`,
    );
    try {
      const empty = (): Figures => ({ messages: 0, samples: [], last: [], missing: 0 });
      const figures = { group: empty(), dm: empty() };
      const warm = empty();
      const deadline = performance.now() + SECONDS * 1000;
      for (let i = 0; i < WARM_UP + MESSAGES && (i < WARM_UP + 10 || performance.now() < deadline); i++) {
        await deliver(sender, group.id, members.length, pending, i < WARM_UP ? warm : figures.group);
        await deliver(sender, dm.id, 1, pending, i < WARM_UP ? warm : figures.dm);
      }
      return figures;
    } finally {
      for (const s of streams) s.close();
    }
  } finally {
    await server.close();
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : 'n/a');
const sorted = (v: number[]) => [...v].sort((a, b) => a - b);

const results: { name: string; group: Figures; dm: Figures }[] = [];
/** BENCH_FANOUT_BACKENDS (sqlite,postgres) picks the backends, in order. */
const chosen = (process.env.BENCH_FANOUT_BACKENDS ?? 'sqlite,postgres').split(',');
for (const [name, backend] of [
  ['SQLite', 'sqlite'],
  ['PostgreSQL', 'postgres'],
] as const) {
  if (!chosen.includes(backend)) continue;
  const reason = backend === 'postgres' ? await servicesUnavailable({ redis: false }) : null;
  if (reason) {
    console.log(`${name}: SKIPPED (${reason})`);
    continue;
  }
  results.push({ name, ...(await run(backend)) });
}

const rows: string[][] = [['figure', 'measured', 'peer (same run)', 'ratio', 'goal']];
for (const { name, group, dm } of results) {
  const g = sorted(group.samples);
  const d = sorted(dm.samples);
  for (const q of [50, 99]) {
    const [value, peer] = [percentile(g, q), percentile(d, q)];
    rows.push([
      `${name}: stream delivery p${q}, group of ${MEMBERS}`,
      ms(value),
      `2-person DM: ${ms(peer)}`,
      peer > 0 && Number.isFinite(value) ? `${(value / peer).toFixed(2)}×` : '—',
      q === 50 ? '≤ 5×, ≤ 5 ms' : '≤ 5×, ≤ 25 ms',
    ]);
  }
  rows.push([
    `${name}: POST → last member p50`,
    ms(percentile(sorted(group.last), 50)),
    `2-person DM: ${ms(percentile(d, 50))}`,
    '—',
    '≤ 25 ms',
  ]);
  console.log(
    `${name}: ${group.messages} group messages × ${MEMBERS - 1} recipients ` +
      `(${g.length} deliveries, ${group.missing} missing), ${dm.messages} DM messages (${dm.missing} missing)`,
  );
}
const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join(' | ');
console.log(`\n${line(rows[0] as string[])}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
for (const r of rows.slice(1)) console.log(line(r));
