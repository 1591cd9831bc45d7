import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** Resident memory of a process, in MB (Linux); NaN where /proc is not there. */
/** Node flags that let a benchmark ask the process for a full garbage collection (`collectedRssMb`). */
export const GC_ON_SIGNAL_ARGS = ['--expose-gc', '--require', fileURLToPath(new URL('./gc-on-signal.cjs', import.meta.url))];

/**
 * The resident set of a process started with GC_ON_SIGNAL_ARGS, read after a full garbage
 * collection there: without it, garbage left from earlier work and collected between two readings
 * made a difference of readings negative (−11.3 MB for 1,000 streams in one run).
 */
export async function collectedRssMb(pid: number): Promise<number> {
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return NaN;
  }
  // The collection runs on the process's next turn; a full one of a few hundred MB takes well under this.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return rssMb(pid);
}

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
