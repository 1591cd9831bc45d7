/**
 * Offline catch-up on its own (`node --import tsx bench/offline-bench.ts`, after
 * `npx electron-vite build`): the same figure as `npm run bench`, without the other rows.
 * BENCH_OFFLINE_MISSED (5000), BENCH_OFFLINE_UNSENT (200), BENCH_SYNC_LIMIT_S (90),
 * BENCH_PROFILE=prefix for CPU profiles of both devices. Asserts nothing.
 */
import { apiFor } from '../testkit/http';
import { runBench } from './browser';
import { offlineCatchUp } from './offline';
import { printTable } from './table';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

runBench(async (browser, server) => {
  const row = await offlineCatchUp(
    browser,
    server.url,
    apiFor(server),
    env('BENCH_OFFLINE_MISSED', 5000),
    env('BENCH_OFFLINE_UNSENT', 200),
    env('BENCH_SYNC_LIMIT_S', 90) * 1000,
  );
  printTable([row]);
});
