#!/usr/bin/env node
// Compiles the server to JavaScript in server/dist (what `npm run server` runs in production).
// esbuild bundles server/src and the part of src/shared it imports (through server/src/shared.ts)
// into one ES module per entry point; packages in node_modules stay external imports, so native
// better-sqlite3 and every other dependency load exactly as under tsx. Types are checked by
// `npm run typecheck`, not here. `--if-needed` skips the build when dist is newer than every
// source file, so `npm run server` costs nothing after the first start.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = dirname(fileURLToPath(import.meta.url));
const outdir = join(serverDir, 'dist');
const entryPoints = { main: join(serverDir, 'src', 'main.ts'), 'create-user': join(serverDir, 'src', 'cli', 'create-user.ts') };
const sources = [join(serverDir, 'src'), join(serverDir, '..', 'src', 'shared'), join(serverDir, 'package.json'), fileURLToPath(import.meta.url)];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when some output is missing or older than some source. */
export function isStale() {
  const outputs = Object.keys(entryPoints).map((name) => join(outdir, `${name}.js`));
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return Math.max(...sources.map(newestMtime)) > built;
}

export async function buildServer() {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-needed') && !isStale()) process.exit(0);
  await buildServer();
}
