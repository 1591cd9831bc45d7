// The one way to run the sync server as a child process: `npm start`, `npm run web`, the e2e
// fixtures and the benchmarks all start it here (tests that want it in-process use
// testkit/server.ts, which also wraps this for child processes).
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildServer, isStale } from '../server/build.mjs';
import { repoRoot } from './electron-support.mjs';

const serverDir = join(repoRoot, 'server');

/**
 * The node arguments that run the server: `compiled` is server/dist/main.js (production; built
 * first when a source is newer), `source` is server/src/main.ts through tsx (development; no build).
 * @param {'compiled' | 'source'} runtime
 */
export async function serverCommand(runtime) {
  if (runtime === 'source') return ['--import', 'tsx', join(serverDir, 'src', 'main.ts')];
  if (isStale()) await buildServer();
  return [join(serverDir, 'dist', 'main.js')];
}

/**
 * Starts the server and resolves once it prints `listening on <url>`.
 * @param {import('./server-process.d.mts').ServerProcessOptions} options
 */
export async function startServerProcess(options) {
  const args = await serverCommand(options.runtime ?? 'compiled');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...(options.env ?? process.env),
      PORT: options.port ?? '8787',
      HOST: options.host ?? '127.0.0.1',
      DATA_DIR: options.dataDir,
      DEMO: options.demo === false ? '0' : '1',
    },
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let output = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      if (options.echo) process.stdout.write(text);
      output = (output + text).slice(-4000);
      const url = /listening on (https?:\/\/[^\s"'\\]+)/.exec(output)?.[1];
      if (url) resolve({ url: url.replace(/\/+$/, ''), process: child, exited, output: () => output, stop });
    });
    child.stderr.on('data', (chunk) => {
      if (options.echo) process.stderr.write(chunk);
      output = (output + chunk.toString()).slice(-4000);
    });
    exited.then(({ code, signal }) => reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`)));
  });
}

/**
 * The local server of `npm start` and `npm run web`: compiled, configured from PORT, HOST,
 * DATA_DIR (relative to the repository) and DEMO (on unless `0`), its output shown. Exits this
 * process, saying why, when the server cannot start.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function startLocalServer(env = process.env) {
  return startServerProcess({
    port: process.env.PORT ?? '8787',
    host: process.env.HOST ?? '127.0.0.1',
    dataDir: resolve(repoRoot, process.env.DATA_DIR ?? 'data'),
    demo: process.env.DEMO !== '0',
    echo: true,
    env,
  }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
