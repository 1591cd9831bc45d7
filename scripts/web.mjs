#!/usr/bin/env node
// `npm run web`: builds the renderer and serves it next to the sync server (demo data when the
// database is empty), for machines without Electron. Pass --no-build to reuse out/renderer.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDir = join(root, 'out', 'renderer');

if (!process.argv.includes('--no-build') || !existsSync(join(webDir, 'index.html'))) {
  console.log('Building the app…');
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'src', 'main.ts')], {
  cwd: join(root, 'server'),
  stdio: ['ignore', 'pipe', 'inherit'],
  env: {
    ...process.env,
    WEB_DIR: webDir,
    DEMO: process.env.DEMO ?? '1',
    DATA_DIR: process.env.DATA_DIR ?? join(root, 'data'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});
server.stdout.on('data', (chunk) => {
  const text = chunk.toString();
  process.stdout.write(text);
  const url = /listening on (\S+)/.exec(text)?.[1];
  if (url) console.log(`\ncleanchat is running: open ${url}/ in a browser (Ctrl+C stops it)\n`);
});
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
