// Shared by `npm start` (scripts/start.mjs) and the Electron e2e fixture: find the Electron
// binary without triggering electron's download fallback, and build the app.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const DEFAULT_EXECUTABLE = { win32: 'electron.exe', darwin: 'Electron.app/Contents/MacOS/Electron' };

/**
 * The Electron executable, resolved like node_modules/electron/index.js does (path.txt, or
 * ELECTRON_OVERRIDE_DIST_PATH) but without `require('electron')`, which tries to download a
 * missing binary and would hang or fail on a machine without internet.
 * @returns {{ path: string, reason?: undefined } | { path: null, reason: string }}
 */
export function findElectronBinary(env = process.env) {
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(
      env.ELECTRON_OVERRIDE_DIST_PATH,
      executable || DEFAULT_EXECUTABLE[process.platform] || 'electron',
    );
    return existsSync(path) ? { path } : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${path}` };
  }
  if (!executable) {
    return {
      path: null,
      reason:
        'node_modules/electron has no downloaded binary (no path.txt: its postinstall download did not run)',
    };
  }
  const path = join(packageDir, 'dist', executable);
  return existsSync(path) ? { path } : { path: null, reason: `${path} does not exist` };
}


/**
 * `electron-vite build` of main, preload and renderer into out/, output shown.
 * @returns {number} the build's exit status (0 when it succeeded)
 */
export function buildApp() {
  const build = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  return build.status ?? 1;
}

/**
 * Builds the app unless `--no-build` was passed and `builtFile` exists; exits on a failed build.
 * @param {string} builtFile
 */
export function ensureAppBuilt(builtFile) {
  if (process.argv.includes('--no-build') && existsSync(builtFile)) return;
  console.log('Building the app…');
  const status = buildApp();
  if (status !== 0) process.exit(status);
}
