/**
 * The server's share of send → screen, without a browser (`node --import tsx bench/push-path.ts`):
 * two users with a stream each, one message pushed at a time as the app's direct send does, and
 * for each the time to the push's answer, to the receiver's stream chunk and to the sender's own
 * copy. BENCH_MESSAGES samples (200); BENCH_READS=1 also pushes the receiver's read marker after
 * each chunk, as the receiving page does; BENCH_CPU_PROF=dir writes the server's CPU profile
 * there. Asserts nothing.
 */
import { nowIso } from '../src/shared';
import { percentile } from './browser';
import { createRow, messageDoc } from '../testkit/docs';
import { register } from '../testkit/http';
import { spawnTestServer } from '../testkit/server';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const READS = process.env.BENCH_READS === '1';
const profileDir = process.env.BENCH_CPU_PROF;

const server = await spawnTestServer({
  demo: false,
  nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined,
});
try {
  const [alice, bob] = await Promise.all([register(server), register(server, 'cleaner')]);
  const { room } = await alice.startDm(bob.id);
  const waiting = new Map<string, { resolve(at: number): void }>();
  const arrivals = (who: string) => (e: { data: string }) => {
    const at = performance.now();
    for (const [key, w] of waiting) if (key.startsWith(who) && e.data.includes(key.slice(who.length + 1))) {
      waiting.delete(key);
      w.resolve(at);
    }
  };
  const streams = await Promise.all([bob.stream(arrivals('bob')), alice.stream(arrivals('alice'))]);
  const arrival = (who: string, id: string) => new Promise<number>((resolve) => waiting.set(`${who}:${id}`, { resolve }));
  const answer: number[] = [];
  const chunk: number[] = [];
  const echo: number[] = [];
  for (let i = 0; i < MESSAGES + 10; i++) {
    const doc = messageDoc(alice.id, room.id, { content: `probe ${i}` });
    const atBob = arrival('bob', doc.id);
    const atAlice = arrival('alice', doc.id);
    const started = performance.now();
    const reply = await alice.push('messages', [createRow(doc)]);
    const answered = performance.now();
    if (reply.status !== 200 || reply.body.length > 0) throw new Error(`push answered ${reply.status}`);
    const [bobAt, aliceAt] = await Promise.all([atBob, atAlice]);
    if (i >= 10) {
      answer.push(answered - started);
      chunk.push(bobAt - started);
      echo.push(aliceAt - started);
    }
    if (READS) {
      const membership = `${room.id}|${bob.id}`;
      const { documents } = await bob.pullAll('memberships');
      const mine = documents.find((d) => d.id === membership);
      if (mine) await bob.push('memberships', [{ newDocumentState: { ...mine, last_read_at: nowIso() }, assumedMasterState: mine }]);
    }
  }
  const line = (name: string, samples: number[]) => {
    const s = [...samples].sort((a, b) => a - b);
    return `${name} p50 ${percentile(s, 50).toFixed(2)} p90 ${percentile(s, 90).toFixed(2)} p99 ${percentile(s, 99).toFixed(2)} ms`;
  };
  console.log(`${MESSAGES} pushes${READS ? ' (with read markers)' : ''}: ${line('answer', answer)} | ${line('chunk', chunk)} | ${line('echo', echo)}`);
  for (const s of streams) s.close();
} finally {
  await server.close();
}
