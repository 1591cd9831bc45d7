#!/usr/bin/env node
// `npm run web`: builds the renderer and serves it next to the sync server (compiled JavaScript,
// built when stale; demo data when the database is empty), for machines without Electron. Pass
// --no-build to reuse out/renderer.
import { join } from 'node:path';
import { ensureAppBuilt, repoRoot } from './electron-support.mjs';
import { startLocalServer } from './server-process.mjs';

const webDir = join(repoRoot, 'out', 'renderer');

ensureAppBuilt(join(webDir, 'index.html'));
const server = await startLocalServer({ ...process.env, WEB_DIR: webDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
console.log(`\ncleanchat is running: open ${server.url}/ in a browser (Ctrl+C stops it)\n`);
server.process.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void server.stop());
