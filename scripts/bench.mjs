#!/usr/bin/env node
// `npm run bench`: every benchmark, each printing its own figures. Benchmarks measure; they do not assert.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benches = [
  { name: 'server', cmd: [process.execPath, '--import', 'tsx', join(root, 'server', 'bench', 'server-bench.ts')] },
  { name: 'fan-out', cmd: [process.execPath, '--import', 'tsx', join(root, 'server', 'bench', 'fanout-bench.ts')] },
  { name: 'scale', cmd: [process.execPath, '--import', 'tsx', join(root, 'server', 'bench', 'scale-bench.ts')] },
  { name: 'search', cmd: [process.execPath, '--import', 'tsx', join(root, 'bench', 'search-bench.ts')], file: join(root, 'bench', 'search-bench.ts') },
  { name: 'photos', cmd: [process.execPath, '--import', 'tsx', join(root, 'bench', 'attachments-bench.ts')], file: join(root, 'bench', 'attachments-bench.ts') },
  { name: 'client', cmd: [process.execPath, '--import', 'tsx', join(root, 'bench', 'client-bench.ts')], file: join(root, 'bench', 'client-bench.ts') },
];
let failed = false;
for (const bench of benches) {
  if (bench.file && !existsSync(bench.file)) continue;
  console.log(`\n=== ${bench.name} benchmark`);
  const run = spawnSync(bench.cmd[0], bench.cmd.slice(1), { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
