#!/usr/bin/env node
// `npm start`: build the app, start the local sync server (compiled JavaScript, built when
// stale; SQLite in DATA_DIR, demo data when empty) and open the desktop app against it. `--no-build` reuses an existing out/; other
// arguments after `--` go to Electron (e.g. `npm start -- --no-sandbox`). Stops the server when
// the app quits.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureAppBuilt, findElectronBinary, repoRoot } from './electron-support.mjs';
import { startLocalServer } from './server-process.mjs';

let electron = findElectronBinary();
if (!electron.path && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  // `npm install` does not run Electron's download script (package.json allowScripts), because
  // a failed download would fail the whole install on machines without internet. Fetch the
  // binary here instead, on first start, where a failure only means "use npm run web".
  console.log('Fetching the Electron binary (first start)…');
  const install = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'electron', 'install.js')], {
    cwd: join(repoRoot, 'node_modules', 'electron'),
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  });
  if (install.status !== 0) console.log('Could not download Electron here.');
  electron = findElectronBinary();
}
if (!electron.path) {
  // Checked before building so a machine without Electron learns it at once.
  console.error(
    [
      'No Electron binary is installed on this machine, so the desktop app cannot open here.',
      `(${electron.reason})`,
      '',
      'Run the same app in a browser instead:  npm run web',
      'Or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron 45 folder and run npm start again.',
    ].join('\n'),
  );
  process.exit(1);
}

const args = process.argv.slice(2);
const electronArgs = args.filter((arg) => arg !== '--no-build');
ensureAppBuilt(join(repoRoot, 'out', 'main', 'index.js'));
const server = await startLocalServer();

const env = { ...process.env, CLEANCHAT_SERVER_URL: server.url };
delete env.ELECTRON_RUN_AS_NODE;
const app = spawn(electron.path, [repoRoot, ...electronArgs], { cwd: repoRoot, stdio: 'inherit', env });

let exiting = false;
async function shutdown(code) {
  if (exiting) return;
  exiting = true;
  await server.stop();
  process.exit(code);
}

app.on('error', (error) => {
  console.error(`Could not start Electron: ${error.message}`);
  void shutdown(1);
});
app.on('exit', (code, signal) => void shutdown(code ?? (signal ? 1 : 0)));
server.process.on('exit', () => {
  if (exiting) return;
  console.error('The sync server stopped; closing the app.');
  app.kill('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
