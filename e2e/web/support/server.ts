import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, startServer, type StartedServer } from '../../../scripts/electron-support.mjs';

/**
 * The built web app the server serves. E2E_WEB_DIR points at a copy when another build may
 * rewrite out/renderer while the specs run.
 */
export const webDir = process.env.E2E_WEB_DIR ?? join(repoRoot, 'out', 'renderer');

export function isWebAppBuilt(): boolean {
  return existsSync(join(webDir, 'index.html'));
}

export interface WebServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The sync server serving the built web app next to its API: port 0, a fresh data folder with
 * the demo data, rate limits and write budgets out of the way (a test drives several clients from
 * one address; the client bench seeds bulk data).
 */
export async function startWebServer(): Promise<WebServer> {
  if (!isWebAppBuilt()) throw new Error(`No built web app in ${webDir}: run \`npx electron-vite build\` first.`);
  const dataDir = mkdtempSync(join(tmpdir(), 'cleanchat-e2e-web-'));
  let server: StartedServer;
  try {
    server = await startServer({
      port: '0',
      dataDir,
      demo: true,
      env: {
        ...process.env,
        WEB_DIR: webDir,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MAX: '1000000',
        AUTH_RATE_LIMIT_MAX: '1000000',
        // The client bench seeds 100,000 messages through this server.
        WRITE_ROWS_MAX: '10000000',
        WRITE_BURST_ROWS: '10000000',
        MESSAGE_QUOTA: '10000000',
      },
    });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: server.url,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
