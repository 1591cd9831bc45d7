import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';

const serverMain = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main.ts');

/** Starts the real server in its own process (so load and server do not share an event loop). */
export async function spawnServer(env: Record<string, string> = {}): Promise<{ url: string; stop(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cleanchat-bench-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', serverMain], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '1000000',
      AUTH_RATE_LIMIT_MAX: '1000000',
      // Throughput is measured without the per-user row budget and quota in the way.
      WRITE_ROWS_MAX: '10000000',
      WRITE_BURST_ROWS: '10000000',
      MESSAGE_QUOTA: '10000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const m = /listening on (\S+)/.exec(chunk.toString());
      if (m?.[1]) ok(m[1]);
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  return {
    url,
    stop() {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function api<T>(url: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export interface BenchUser {
  id: string;
  token: string;
}

export async function registerUser(url: string, name: string, role: 'client' | 'cleaner'): Promise<BenchUser> {
  const res = await api<{ user: { id: string }; access_token: string }>(url, 'POST', '/api/auth/register', undefined, {
    username: name,
    email: `${name}@bench.test`,
    password: 'bench-password-1',
    first_name: name,
    last_name: 'Bench',
    role,
  });
  return { id: res.user.id, token: res.access_token };
}

/** Opens a user's stream and calls `onData` with each default-event payload. */
export async function openStream(url: string, token: string, onData: (data: string) => void): Promise<AbortController> {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/sync/stream`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  if (!res.ok || !res.body) throw new Error(`stream: ${res.status}`);
  const parser = createParser({ onEvent: (e) => (e.event === undefined ? onData(e.data) : undefined) });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        parser.feed(value);
      }
    } catch {
      // aborted at the end of the run
    }
  })();
  return abort;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
