/**
 * Client benchmark (`npm run bench`): the web app in Debian's Chromium against a local server.
 * Prints figures with their goals; asserts nothing.
 *  1. send → screen: one user presses Enter, the message appears on the other user's screen
 *     (p50 goal ≤ 30 ms).
 *  2. with 100k messages on the server: sign-in → first conversation row (goal ≤ 1 s) and
 *     sign-in → all messages stored locally (goal ≤ 10 s).
 * BENCH_MESSAGES, BENCH_BULK and BENCH_SYNC_LIMIT_S scale it down for a quick look.
 */
import { buildApp } from '../scripts/electron-support.mjs';
import { apiFor } from '../testkit/http';
import { isWebAppBuilt, startWebServer, webDir } from '../e2e/web/support/server';
import { launchChromium } from './browser';
import { bulkSync } from './bulk-sync';
import { sendToScreenLatency } from './latency';

const LATENCY_MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50);
const BULK_MESSAGES = Number(process.env.BENCH_BULK ?? 100_000);
const SYNC_LIMIT_MS = Number(process.env.BENCH_SYNC_LIMIT_S ?? 90) * 1000;

async function main(): Promise<void> {
  if (!isWebAppBuilt()) {
    console.log(`No web build in ${webDir}: building…`);
    if (buildApp() !== 0) throw new Error('the build failed');
  }
  const browser = await launchChromium();
  try {
    const latencyServer = await startWebServer();
    try {
      await sendToScreenLatency(browser, latencyServer.url, apiFor(latencyServer), LATENCY_MESSAGES);
    } finally {
      await latencyServer.close();
    }
    const bulkServer = await startWebServer();
    try {
      await bulkSync(browser, bulkServer.url, apiFor(bulkServer), BULK_MESSAGES, SYNC_LIMIT_MS);
    } finally {
      await bulkServer.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
