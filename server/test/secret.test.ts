import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Runs `server/src/main.ts` until it exits or prints where it listens; the child is killed then. */
async function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cleanchat-secret-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO: '', ...env },
  });
  let output = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on/.test(output)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('JWT secret strength', () => {
  it('JWT_SECRET=x stops the server at start, saying why', async () => {
    const { code, output } = await runMain({ JWT_SECRET: 'x' });
    expect(code).toBe(1);
    expect(output).toMatch(/JWT_SECRET is 1 byte; it must be at least 32 bytes/);
    expect(output).not.toMatch(/listening on/);
  });

  it('createServer refuses a secret of 31 bytes and accepts one of 32', async () => {
    await expect(startTestServer({ jwtSecret: 'a'.repeat(31) })).rejects.toThrow(/at least 32 bytes/);
    const ok = await startTestServer({ jwtSecret: 'a'.repeat(32) });
    const health = await fetch(`${ok.url}/api/health`);
    expect(health.status).toBe(200);
    await ok.close();
  });

  it('counts bytes, not characters: 8 four-byte characters (32 bytes) pass, 7 do not', async () => {
    await expect(startTestServer({ jwtSecret: '🔑'.repeat(7) })).rejects.toThrow(/28 bytes/);
    const ok = await startTestServer({ jwtSecret: '🔑'.repeat(8) });
    await ok.close();
  });

  it('a generated secret (JWT_SECRET unset) is long enough and the server starts', async () => {
    const { output } = await runMain({ JWT_SECRET: '' });
    expect(output).toMatch(/listening on/);
  });
});
