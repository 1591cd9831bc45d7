/**
 * Client benchmark (`npm run bench`): the web app in Debian's Chromium against a local server,
 * each figure printed beside a peer measured in the same run (this machine is shared and noisy,
 * so the ratio is the goal; absolute goals are printed too). Asserts nothing.
 *   send → screen                 vs a bare relay (SSE + POST, stores nothing), same two pages
 *   full first sync               vs raw IndexedDB (same messages, batches, one tx per batch)
 *   cold start (list, room)       vs the same page with an (almost) empty store
 *   JS heap after sync, JS before sign-in, longest task during sync: absolute
 *   offline catch-up              absolute, with gap and duplicate counts
 * Scale it down for a quick look: BENCH_MESSAGES (send → screen samples, 50), BENCH_BULK (100000),
 * BENCH_SYNC_LIMIT_S (90), BENCH_OFFLINE_MISSED (5000), BENCH_OFFLINE_UNSENT (200).
 */
import { buildApp } from '../scripts/electron-support.mjs';
import { apiFor } from '../testkit/http';
import { isWebAppBuilt, startWebServer, webDir } from '../e2e/web/support/server';
import { launchChromium, percentile } from './browser';
import { jsBeforeSignIn } from './bundle';
import { bulkSync } from './bulk-sync';
import { appSendToScreen } from './latency';
import { offlineCatchUp } from './offline';
import { relaySendToScreen } from './relay';
import { printTable, type Row } from './table';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const LATENCY_MESSAGES = env('BENCH_MESSAGES', 50);
const BULK_MESSAGES = env('BENCH_BULK', 100_000);
const SYNC_LIMIT_MS = env('BENCH_SYNC_LIMIT_S', 90) * 1000;
const OFFLINE_MISSED = env('BENCH_OFFLINE_MISSED', 5000);
const OFFLINE_UNSENT = env('BENCH_OFFLINE_UNSENT', 200);

function sendRows(app: number[], relay: number[]): Row[] {
  const p = (samples: number[], q: number) => percentile(samples, q);
  return [
    {
      figure: `send → other screen p50 (${app.length} messages)`,
      value: p(app, 50),
      unit: 'ms',
      peer: { name: 'bare relay', value: p(relay, 50) },
      goal: '≤ 2×, ≤ 30 ms',
    },
    { figure: 'send → other screen p99', value: p(app, 99), unit: 'ms', peer: { name: 'bare relay', value: p(relay, 99) }, goal: '≤ 60 ms' },
  ];
}

async function main(): Promise<void> {
  if (!isWebAppBuilt()) {
    console.log(`No web build in ${webDir}: building…`);
    if (buildApp() !== 0) throw new Error('the build failed');
  }
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    const server = await startWebServer();
    try {
      const api = apiFor(server);
      rows.push(await jsBeforeSignIn(browser, server.url));
      const relay = await relaySendToScreen(browser, LATENCY_MESSAGES);
      const app = await appSendToScreen(browser, server.url, api, LATENCY_MESSAGES);
      rows.push(...sendRows(app, relay));
      rows.push(await offlineCatchUp(browser, server.url, api, OFFLINE_MISSED, OFFLINE_UNSENT, SYNC_LIMIT_MS));
    } finally {
      await server.close();
    }
    // A server of its own, so the bulk history does not slow the figures above.
    const bulkServer = await startWebServer();
    try {
      rows.push(...(await bulkSync(browser, bulkServer.url, apiFor(bulkServer), BULK_MESSAGES, SYNC_LIMIT_MS)));
    } finally {
      await bulkServer.close();
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
