/**
 * The first-sync part of the client bench alone (`node --import tsx bench/first-sync-bench.ts`):
 * full first sync beside raw IndexedDB, the longest task, sign-in → first row, heap and cold
 * start, on a server of its own. BENCH_BULK (20000) and BENCH_SYNC_LIMIT_S (90) scale it;
 * BENCH_PROFILE=file.cpuprofile records the renderer during the sync. Needs `npx electron-vite build`.
 */
import { apiFor } from '../testkit/http';
import { isWebAppBuilt, startWebServer, webDir } from '../e2e/web/support/server';
import { launchChromium } from './browser';
import { bulkSync } from './bulk-sync';
import { printTable, type Row } from './table';

const BULK_MESSAGES = Number(process.env.BENCH_BULK ?? 20_000);
const SYNC_LIMIT_MS = Number(process.env.BENCH_SYNC_LIMIT_S ?? 90) * 1000;

async function main(): Promise<void> {
  if (!isWebAppBuilt()) throw new Error(`No web build in ${webDir}: run npx electron-vite build first`);
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    const server = await startWebServer();
    try {
      rows.push(...(await bulkSync(browser, server.url, apiFor(server), BULK_MESSAGES, SYNC_LIMIT_MS)));
    } finally {
      await server.close();
    }
  } finally {
    await browser.close();
    printTable(rows);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
