import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SseReader, type SseEvent } from '../../testkit/sse';

/** A running bare relay (bare-sse-server.mjs) in its own process, as the real server runs in its own. */
export interface BareRelay {
  url: string;
  pid: number;
  /** Opens a stream on the relay; `listener` gets each event as the real streams' listeners do. */
  stream(listener: (e: SseEvent) => void): Promise<SseReader>;
  /** Posts `payload`, which the relay writes to every open stream. */
  send(payload: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBareRelay(): Promise<BareRelay> {
  const child = spawn(process.execPath, [...GC_ON_SIGNAL_ARGS, fileURLToPath(new URL('./bare-sse-server.mjs', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) ok(m[1] as string);
    });
    void exited.then(() => fail(new Error('the bare relay exited before listening')));
  });
  return {
    url,
    pid: child.pid as number,
    stream: (listener) => SseReader.open(`${url}/`, {}, listener),
    async send(payload) {
      const res = await fetch(`${url}/`, { method: 'POST', body: payload });
      await res.arrayBuffer();
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Node flags that let a benchmark ask the process for a full garbage collection (`collectedMemory`). */
export const GC_ON_SIGNAL_ARGS = ['--expose-gc', '--import', new URL('./gc-on-signal.mjs', import.meta.url).href];

/** What a process holds after a full garbage collection there, in MB. */
export interface CollectedMemory {
  /**
   * The JS heap in use plus memory outside it that JS objects own (Buffers, the write queues of
   * sockets): what open streams hold. It only grows with what is held, so a difference of two
   * readings is the streams' cost.
   */
  heldMb: number;
  /**
   * The resident set. Not a difference to trust: V8 gives freed pages back to the system when it
   * likes, so after a busy phase the later reading can be the smaller one (−37.2 MB "for 1,000
   * streams" in one run of stop 20's bench on PostgreSQL).
   */
  rssMb: number;
}

/**
 * Asks a process started with GC_ON_SIGNAL_ARGS for a full garbage collection and reads the
 * memory it reports right after it (`gc-on-signal.mjs`); NaN where the process cannot be
 * signalled or did not answer within 5 s.
 */
export async function collectedMemory(pid: number): Promise<CollectedMemory> {
  const none = { heldMb: NaN, rssMb: NaN };
  const asked = Date.now();
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return none;
  }
  const file = join(tmpdir(), `cleanchat-bench-gc-${pid}.json`);
  while (Date.now() - asked < 5_000) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    try {
      const r = JSON.parse(readFileSync(file, 'utf8')) as { rss: number; heapUsed: number; external: number; at: number };
      if (r.at < asked) continue;
      rmSync(file, { force: true });
      return { heldMb: (r.heapUsed + r.external) / 2 ** 20, rssMb: r.rss / 2 ** 20 };
    } catch {
      // Not written yet (or half written): read again.
    }
  }
  return none;
}

/** Resident memory of a process, in MB (Linux); NaN where /proc is not there. */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux); NaN where /proc is not there. */
export function cpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;
