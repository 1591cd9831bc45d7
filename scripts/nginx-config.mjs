#!/usr/bin/env node
// Fills in deploy/nginx.conf, the one nginx configuration of the project: `npm run cluster`
// (scripts/cluster.sh) and the multi-instance browser test (testkit/cluster.ts) both run nginx
// from its output, so what is tested is what ships as the example.
//   node scripts/nginx-config.mjs PREFIX PORT 127.0.0.1:8791 127.0.0.1:8792 > nginx.conf
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './electron-support.mjs';

export const templatePath = join(repoRoot, 'deploy', 'nginx.conf');

/**
 * The configuration for nginx running with its own prefix folder (pid, logs, temp paths),
 * listening on 127.0.0.1:port and balancing round robin over `upstreams` (host:port each).
 * @param {{ prefix: string, port: number | string, upstreams: string[] }} options
 */
export function nginxConfig({ prefix, port, upstreams }) {
  if (upstreams.length === 0) throw new Error('nginx needs at least one upstream');
  const servers = upstreams.map((u) => `    server ${u};`).join('\n');
  return readFileSync(templatePath, 'utf8')
    .replaceAll('@PREFIX@', prefix)
    .replaceAll('@PORT@', String(port))
    .replace(/^@UPSTREAMS@$/m, servers);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [prefix, port, ...upstreams] = process.argv.slice(2);
  if (!prefix || !port) {
    console.error('usage: nginx-config.mjs PREFIX PORT HOST:PORT...');
    process.exit(2);
  }
  process.stdout.write(nginxConfig({ prefix, port, upstreams }));
}
