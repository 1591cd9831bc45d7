/**
 * Fan-out benchmark (`npm run bench`, issues 11 and 12): one member's POST to every other member's
 * open stream in a group of 256, then to 1,000 open streams (the same members with up to four
 * streams each), and what those 1,000 streams cost in server memory. Each figure stands beside a
 * peer measured in the same run:
 * - a bare SSE relay (bare-sse-server.mjs, its own process, stores nothing) writing the same
 *   event bytes to the same number of sockets, read by the same client code: the floor here;
 * - for the group, also a 2-person DM on the same server with the same streams open.
 * SQLite, then PostgreSQL when it is reachable (TEST_DATABASE_URL). Compiled server in a child
 * process on loopback. Asserts nothing. Bounded: BENCH_FANOUT_MESSAGES (50) of each kind, at most
 * BENCH_SECONDS (10) per measurement, a message not delivered within 10 s counts as missing.
 * BENCH_PROFILE=dir writes the server's CPU profile (node --cpu-prof) there.
 * Goals: delivery p50 ≤ 5 ms, p99 ≤ 25 ms to all 256; p99 ≤ 50 ms to 1,000; 1,000 streams ≤ 30 MB.
 */
import { newMessageId } from '../../src/shared/ids';
import { servicesUnavailable } from '../../testkit/cluster';
import { register, type Client } from '../../testkit/http';
import { spawnTestServer } from '../../testkit/server';
import type { SseEvent, SseReader } from '../../testkit/sse';
import type { Dialect } from '../src/db/sql';
import { collectedMemory, cpuMs, GC_ON_SIGNAL_ARGS, startBareRelay, type BareRelay } from './bare-sse';
import { percentile } from './lib';

/** BENCH_FANOUT_MEMBERS: the group's size (256, the most a group holds). */
const MEMBERS = Number(process.env.BENCH_FANOUT_MEMBERS ?? 256);
const STREAMS = 1_000;
const MESSAGES = Number(process.env.BENCH_FANOUT_MESSAGES ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP = 5;
const DELIVERY_TIMEOUT_MS = 10_000;

/** Message id → the streams still waiting for it, and when each got it. */
interface Pending {
  waiting: number;
  arrivals: number[];
  done: () => void;
}

interface Figures {
  messages: number;
  /** POST → each stream's event. */
  samples: number[];
  /** POST → the last stream's event, per message. */
  last: number[];
  missing: number;
  /** POST → its answer (the write, before any stream hears of it), per message. */
  answered: number[];
}
const empty = (): Figures => ({ messages: 0, samples: [], last: [], missing: 0, answered: [] });

/** The same listener for the server's streams and the relay's: parse, find the message, time it. */
function listener(pending: Map<string, Pending>, sample: { data?: string }) {
  return ({ event, data }: SseEvent) => {
    if (event !== undefined || !data.startsWith('{')) return;
    const now = performance.now();
    const change = JSON.parse(data) as { collection: string; documents: { id: string }[] };
    if (change.collection !== 'messages') return;
    for (const doc of change.documents) {
      const p = pending.get(doc.id);
      if (!p) continue;
      sample.data ??= data;
      p.arrivals.push(now);
      if (--p.waiting === 0) p.done();
    }
  };
}

/** Sends one message (`post` with a fresh id) and times its arrival at `recipients` streams. */
async function deliver(post: (id: string) => Promise<unknown>, recipients: number, pending: Map<string, Pending>, into: Figures) {
  const id = newMessageId();
  const p: Pending = { waiting: recipients, arrivals: [], done: () => {} };
  let timer: NodeJS.Timeout | undefined;
  const all = new Promise<void>((ok) => {
    p.done = ok;
    timer = setTimeout(ok, DELIVERY_TIMEOUT_MS);
  });
  pending.set(id, p);
  const start = performance.now();
  await post(id);
  into.answered.push(performance.now() - start);
  await all;
  clearTimeout(timer);
  pending.delete(id);
  into.messages += 1;
  into.samples.push(...p.arrivals.map((t) => t - start));
  into.missing += recipients - p.arrivals.length;
  if (p.arrivals.length === recipients) into.last.push(Math.max(...p.arrivals) - start);
}

/** WARM_UP + MESSAGES rounds (at least WARM_UP + 10, then until the deadline) of `round`. */
async function rounds(round: (warm: boolean) => Promise<void>) {
  const deadline = performance.now() + SECONDS * 1000;
  for (let i = 0; i < WARM_UP + MESSAGES && (i < WARM_UP + 10 || performance.now() < deadline); i++) await round(i < WARM_UP);
}

/** The relay's event: the server's own bytes for a group message, with the id to time. */
function relayPost(relay: BareRelay, sample: string) {
  const event = JSON.parse(sample) as { documents: Array<{ id: string }> };
  return (id: string) => {
    (event.documents[0] as { id: string }).id = id;
    return relay.send(JSON.stringify(event));
  };
}

interface Result {
  name: string;
  group: Figures;
  dm: Figures;
  bareGroup: Figures;
  thousand: Figures;
  bareThousand: Figures;
  /**
   * Memory added by STREAMS − MEMBERS more streams, scaled to STREAMS, server and relay: what JS
   * holds (heap in use plus external memory) after a full collection, and the resident set beside
   * it (`collectedMemory`).
   */
  memory: { server: number; bare: number; serverRss: number; bareRss: number };
  /**
   * CPU time per round, which the machine's other load inflates far less than wall time: the
   * server's per group message and DM message, the relay's per event to the same streams.
   */
  cpu: { server: number; bare: number };
}

async function run(name: string, backend: Dialect): Promise<Result> {
  const started = performance.now();
  // Enough streams per user for STREAMS over a smaller group too.
  const perUser = String(Math.max(10, Math.ceil(STREAMS / (MEMBERS - 1)) + 1));
  // BENCH_PROFILE=dir: the server writes a V8 CPU profile there when it stops (chrome://inspect, speedscope).
  const nodeArgs = [...GC_ON_SIGNAL_ARGS, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])];
  const server = await spawnTestServer({ demo: false, runtime: 'compiled', backend, nodeArgs, env: { STREAMS_PER_USER: perUser } });
  const relay = await startBareRelay();
  const streams: SseReader[] = [];
  try {
    // A few at a time: registration hashes a password (scrypt), which is meant to be slow.
    const users: Client[] = [];
    for (let i = 0; i < MEMBERS + 1; i += 8) {
      const batch = Array.from({ length: Math.min(8, MEMBERS + 1 - i) }, (_, j) => register(server, 'client', `fan${i + j}`));
      users.push(...(await Promise.all(batch)));
    }
    const [sender, dmPeer, ...others] = users as [Client, Client, ...Client[]];
    const members = others.slice(0, MEMBERS - 1);
    const group = await sender.call<{ id: string }>('POST', '/api/chat/rooms/', {
      room_type: 'group',
      name: 'Fan-out bench',
      participant_ids: members.map((m) => m.id),
    });
    const { room: dm } = await sender.startDm(dmPeer.id);
    const pending = new Map<string, Pending>();
    const sample: { data?: string } = {};
    const on = listener(pending, sample);
    for (const user of [...members, dmPeer]) streams.push(await user.stream(on));
    console.log(`${name}: set up in ${((performance.now() - started) / 1000).toFixed(1)} s (${users.length} users, ${streams.length} streams)`);

    const r = { group: empty(), dm: empty(), bareGroup: empty(), thousand: empty(), bareThousand: empty() };
    const send = (roomId: string) => (id: string) => sender.send(roomId, `fan-out ${id}`, id);
    const cpu = { server: 0, bare: 0 };
    let serverCpu = cpuMs(server.pid ?? 0);
    await rounds(async (warm) => {
      if (warm) serverCpu = cpuMs(server.pid ?? 0);
      await deliver(send(group.id), members.length, pending, warm ? empty() : r.group);
      await deliver(send(dm.id), 1, pending, warm ? empty() : r.dm);
    });
    cpu.server = (cpuMs(server.pid ?? 0) - serverCpu) / r.group.messages;
    if (!sample.data) throw new Error('no group message arrived');

    for (let i = 0; i < members.length; i++) streams.push(await relay.stream(on));
    const bare = relayPost(relay, sample.data);
    let bareCpu = cpuMs(relay.pid);
    await rounds(async (warm) => {
      if (warm) bareCpu = cpuMs(relay.pid);
      await deliver(bare, members.length, pending, warm ? empty() : r.bareGroup);
    });
    cpu.bare = (cpuMs(relay.pid) - bareCpu) / r.bareGroup.messages;

    // Up to STREAMS streams on the group: the members open more (windows, devices).
    // Each reading after a full garbage collection in that process (collectedMemory).
    const [serverBefore, bareBefore] = await Promise.all([collectedMemory(server.pid ?? 0), collectedMemory(relay.pid)]);
    const added = STREAMS - members.length;
    for (let i = 0; i < added; i++) {
      streams.push(await (members[i % members.length] as Client).stream(on));
      streams.push(await relay.stream(on));
    }
    await rounds(async (warm) => {
      await deliver(send(group.id), STREAMS, pending, warm ? empty() : r.thousand);
      await deliver(bare, STREAMS, pending, warm ? empty() : r.bareThousand);
    });
    const perThousand = (before: number, after: number) => ((after - before) * STREAMS) / added;
    const [serverAfter, bareAfter] = await Promise.all([collectedMemory(server.pid ?? 0), collectedMemory(relay.pid)]);
    const memory = {
      server: perThousand(serverBefore.heldMb, serverAfter.heldMb),
      bare: perThousand(bareBefore.heldMb, bareAfter.heldMb),
      serverRss: perThousand(serverBefore.rssMb, serverAfter.rssMb),
      bareRss: perThousand(bareBefore.rssMb, bareAfter.rssMb),
    };
    return { name, ...r, memory, cpu };
  } finally {
    for (const s of streams) s.close();
    await relay.close();
    await server.close();
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : 'n/a');
const mb = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} MB` : 'n/a');
const ratio = (value: number, peer: number) => (peer > 0 && Number.isFinite(value) ? `${(value / peer).toFixed(2)}×` : '—');
const q = (f: Figures, p: number, of: 'samples' | 'last' | 'answered' = 'samples') => percentile([...f[of]].sort((a, b) => a - b), p);

/** The table so far: printed after each backend, so a run cut short still shows what it measured. */
function printTable(): void {
  const rows: string[][] = [['figure', 'measured', 'peer (same run)', 'ratio', 'goal']];
  for (const { name, group, dm, bareGroup, thousand, bareThousand, memory, cpu } of results) {
    for (const p of [50, 99]) {
      const goal = p === 50 ? '≤ 5 ms' : '≤ 25 ms';
      rows.push([`${name}: group of ${MEMBERS}, delivery p${p}`, ms(q(group, p)), `bare SSE ×${MEMBERS - 1}: ${ms(q(bareGroup, p))}`, ratio(q(group, p), q(bareGroup, p)), goal]);
      rows.push([`${name}: group of ${MEMBERS}, delivery p${p}`, ms(q(group, p)), `2-person DM: ${ms(q(dm, p))}`, ratio(q(group, p), q(dm, p)), goal]);
    }
    rows.push([`${name}: group of ${MEMBERS}, POST answered p50 (the write alone)`, ms(q(group, 50, 'answered')), `2-person DM: ${ms(q(dm, 50, 'answered'))}`, ratio(q(group, 50, 'answered'), q(dm, 50, 'answered')), '—']);
    rows.push([`${name}: group of ${MEMBERS}, server CPU per group + DM message`, ms(cpu.server), `bare SSE per event ×${MEMBERS - 1}: ${ms(cpu.bare)}`, ratio(cpu.server, cpu.bare), '—']);
    rows.push([`${name}: group of ${MEMBERS}, POST → last stream p50`, ms(q(group, 50, 'last')), `bare SSE: ${ms(q(bareGroup, 50, 'last'))}`, ratio(q(group, 50, 'last'), q(bareGroup, 50, 'last')), '≤ 25 ms']);
    for (const p of [50, 99]) {
      rows.push([`${name}: ${STREAMS} streams, delivery p${p}`, ms(q(thousand, p)), `bare SSE ×${STREAMS}: ${ms(q(bareThousand, p))}`, ratio(q(thousand, p), q(bareThousand, p)), p === 99 ? '≤ 50 ms' : '—']);
    }
    rows.push([`${name}: ${STREAMS} streams, server memory held`, mb(memory.server), `bare SSE: ${mb(memory.bare)}`, ratio(memory.server, memory.bare), '≤ 30 MB']);
    rows.push([`  ↳ resident set added (not reliable: V8 returns freed pages when it likes)`, mb(memory.serverRss), `bare SSE: ${mb(memory.bareRss)}`, '—', '—']);
  }
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join(' | ');
  console.log(`\n${line(rows[0] as string[])}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('(delivery: POST start → the event parsed on each stream; memory: JS heap in use plus external memory, added by the extra streams, per 1,000, after a full collection)');
}

const results: Result[] = [];
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
  const result = await run(name, backend);
  results.push(result);
  const { group, dm, thousand } = result;
  console.log(
    `${name}: ${group.messages} group messages × ${MEMBERS - 1} streams (${group.missing} missing), ` +
      `${dm.messages} DM messages (${dm.missing} missing), ${thousand.messages} × ${STREAMS} streams (${thousand.missing} missing)`,
  );
  printTable();
}

