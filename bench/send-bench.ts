/**
 * Send → screen on its own (`node --import tsx bench/send-bench.ts`): the app beside the bare
 * relay, alternating rounds so both meet the same load on this shared machine. Asserts nothing.
 * BENCH_MESSAGES samples per round (50), BENCH_ROUNDS rounds (2).
 */
import { apiFor } from '../testkit/http';
import { startWebServer } from '../e2e/web/support/server';
import { launchChromium, percentile } from './browser';
import { appSendToScreen } from './latency';
import { relaySendToScreen } from './relay';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const summary = (samples: number[]) =>
  `p50 ${percentile(samples, 50).toFixed(1)} ms  p90 ${percentile(samples, 90).toFixed(1)} ms  p99 ${percentile(samples, 99).toFixed(1)} ms`;

async function main(): Promise<void> {
  const browser = await launchChromium();
  const server = await startWebServer();
  try {
    const api = apiFor(server);
    for (let round = 1; round <= ROUNDS; round++) {
      const relay = await relaySendToScreen(browser, MESSAGES);
      const app = await appSendToScreen(browser, server.url, api, MESSAGES);
      const ratio = percentile(app, 50) / percentile(relay, 50);
      console.log(`round ${round}: relay ${summary(relay)} | app ${summary(app)} | p50 ratio ${ratio.toFixed(2)}×`);
    }
  } finally {
    await server.close();
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
