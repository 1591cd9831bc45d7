/**
 * Server benchmark (`npm run bench`): stream delivery latency from one user's POST to the other
 * user's stream, and push throughput with 50 concurrent writers. Prints figures; asserts nothing.
 * Goals on a 2-core machine: p50 ≤ 5 ms, p99 ≤ 25 ms, ≥ 10,000 messages/s.
 */
import { dmRoomId, newMessageId } from '../../src/shared/ids';
import { createRow, messageDoc } from '../../testkit/docs';
import { register, type Client } from '../../testkit/http';
import { spawnTestServer } from '../../testkit/server';
import { percentile } from './lib';

const LATENCY_MESSAGES = Number(process.env.BENCH_LATENCY_MESSAGES ?? 1000);
const WRITERS = 50;
const BATCHES_PER_WRITER = Number(process.env.BENCH_BATCHES ?? 10);
const BATCH_SIZE = 100;

async function latency(url: string): Promise<void> {
  const alice = await register({ url }, 'client', 'lat_alice');
  const bob = await register({ url }, 'cleaner', 'lat_bob');
  const { room } = await alice.startDm(bob.id);
  const waiting = new Map<string, (t: number) => void>();
  const stream = await bob.stream(({ event, data }) => {
    if (event !== undefined || !data.startsWith('{')) return;
    const change = JSON.parse(data) as { collection: string; documents: { id: string }[] };
    if (change.collection !== 'messages') return;
    const now = performance.now();
    for (const doc of change.documents) waiting.get(doc.id)?.(now);
  });
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_MESSAGES + 50; i++) {
    const id = newMessageId();
    const arrived = new Promise<number>((ok) => waiting.set(id, ok));
    const start = performance.now();
    await alice.send(room.id, `latency ${i}`, id);
    const end = await arrived;
    waiting.delete(id);
    if (i >= 50) samples.push(end - start); // the first 50 warm up the JIT and the statement cache
  }
  stream.close();
  samples.sort((a, b) => a - b);
  console.log(
    `stream delivery latency (POST → other user's stream, ${samples.length} messages): ` +
      `p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms (goals ≤ 5 ms, ≤ 25 ms)`,
  );
}

async function throughput(url: string): Promise<void> {
  const writers: { user: Client; roomId: string }[] = [];
  for (let i = 0; i < WRITERS; i++) {
    const user = await register({ url }, 'client', `w${i}a`);
    const peer = await register({ url }, 'cleaner', `w${i}b`);
    writers.push({ user, roomId: dmRoomId(user.id, peer.id) });
  }
  const batch = (w: (typeof writers)[number]) =>
    Array.from({ length: BATCH_SIZE }, (_, i) => createRow(messageDoc(w.user.id, w.roomId, { content: `throughput message ${i}` })));
  const start = performance.now();
  await Promise.all(
    writers.map(async (w) => {
      for (let b = 0; b < BATCHES_PER_WRITER; b++) {
        const conflicts = await w.user.call<unknown[]>('POST', '/api/sync/messages/push', batch(w));
        if (conflicts.length > 0) throw new Error(`unexpected conflicts: ${conflicts.length}`);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const total = WRITERS * BATCHES_PER_WRITER * BATCH_SIZE;
  console.log(
    `push throughput (${WRITERS} concurrent writers, batches of ${BATCH_SIZE}, ${total} messages): ` +
      `${Math.round(total / seconds).toLocaleString('en')} messages/s (goal ≥ 10,000)`,
  );
}

// Compiled, as production runs it; in its own process, so load and server do not share an event loop.
const server = await spawnTestServer({ demo: false, runtime: 'compiled' });
try {
  await latency(server.url);
  await throughput(server.url);
} finally {
  await server.close();
}
