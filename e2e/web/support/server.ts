import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/electron-support.mjs';
import { spawnTestServer, type TestServer } from '../../../testkit/server';

/**
 * The built web app the server serves. E2E_WEB_DIR points at a copy when another build may
 * rewrite out/renderer while the specs run.
 */
export const webDir = process.env.E2E_WEB_DIR ?? join(repoRoot, 'out', 'renderer');

export function isWebAppBuilt(): boolean {
  return existsSync(join(webDir, 'index.html'));
}

/** The test kit's child-process server (demo data, limits out of the way) serving the built web app. */
export async function startWebServer(): Promise<TestServer> {
  if (!isWebAppBuilt()) throw new Error(`No built web app in ${webDir}: run \`npx electron-vite build\` first.`);
  return spawnTestServer({ env: { WEB_DIR: webDir } });
}
