/**
 * Send → screen on its own (`node --import tsx bench/send-bench.ts`): the app beside the bare
 * relay, alternating rounds so both meet the same load on this shared machine. Asserts nothing.
 * BENCH_MESSAGES samples per round (50), BENCH_ROUNDS rounds (2). Each round also prints the stages
 * (Enter → request, request → the receiver's chunk, chunk → bubble), and BENCH_PROFILE=prefix
 * CPU profiles of the app's two pages.
 */
import { apiFor } from '../testkit/http';
import { runBench, percentile } from './browser';
import { appSendToScreen, type SendStages } from './latency';
import { relaySendToScreen } from './relay';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const summary = (samples: number[]) =>
  `p50 ${percentile(samples, 50).toFixed(1)} ms  p90 ${percentile(samples, 90).toFixed(1)} ms  p99 ${percentile(samples, 99).toFixed(1)} ms`;

const stageLine = (stages: SendStages) =>
  (['request', 'chunk', 'echo', 'bubble'] as const)
    .map((name) => `${name} ${percentile(stages[name], 50).toFixed(1)}/${percentile(stages[name], 90).toFixed(1)}`)
    .join('  ');

runBench(async (browser, server) => {
  const api = apiFor(server);
  for (let round = 1; round <= ROUNDS; round++) {
    const relayStages: SendStages = { request: [], chunk: [], echo: [], bubble: [] };
    const appStages: SendStages = { request: [], chunk: [], echo: [], bubble: [] };
    const relay = await relaySendToScreen(browser, MESSAGES, relayStages);
    const app = await appSendToScreen(browser, server.url, api, MESSAGES, appStages);
    const ratio = percentile(app, 50) / percentile(relay, 50);
    console.log(`round ${round}: relay ${summary(relay)} | app ${summary(app)} | p50 ratio ${ratio.toFixed(2)}×`);
    console.log(`  stages p50/p90: relay ${stageLine(relayStages)} | app ${stageLine(appStages)}`);
  }
});
