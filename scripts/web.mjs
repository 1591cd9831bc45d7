#!/usr/bin/env node
// `npm run web`: builds the renderer and serves it next to the sync server (compiled JavaScript,
// built when stale; demo data when the database is empty), for machines without Electron. Pass
// --no-build to reuse out/renderer.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './electron-support.mjs';
import { startServerProcess } from './server-process.mjs';

const webDir = join(repoRoot, 'out', 'renderer');

if (!process.argv.includes('--no-build') || !existsSync(join(webDir, 'index.html'))) {
  console.log('Building the app…');
  const build = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = await startServerProcess({
  port: process.env.PORT ?? '8787',
  host: process.env.HOST ?? '127.0.0.1',
  dataDir: process.env.DATA_DIR ?? join(repoRoot, 'data'),
  demo: process.env.DEMO !== '0',
  echo: true,
  env: { ...process.env, WEB_DIR: webDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
}).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
console.log(`\ncleanchat is running: open ${server.url}/ in a browser (Ctrl+C stops it)\n`);
server.process.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void server.stop());
