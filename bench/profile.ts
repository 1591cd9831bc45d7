import { writeFileSync } from 'node:fs';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

/**
 * An opt-in CPU profile of the renderer (`BENCH_PROFILE=file.cpuprofile`): where a bench's page
 * spends its main thread. Prints the heaviest functions by self time; the file opens in
 * Chromium's DevTools (Performance → load profile) for the rest.
 */
let session: CDPSession | null = null;

export async function startProfile(context: BrowserContext, page: Page): Promise<void> {
  session = await startSession(context, page);
}

export async function stopProfile(file: string, top = 40): Promise<void> {
  if (!session) return;
  const current = session;
  session = null;
  await stopSession(current, file, top);
}

/** A profile of one page among several (send → screen profiles both pages at once); stop with the returned function. */
export async function profilePage(context: BrowserContext, page: Page): Promise<(file: string, top?: number) => Promise<void>> {
  const own = await startSession(context, page);
  return (file, top = 40) => stopSession(own, file, top);
}

async function startSession(context: BrowserContext, page: Page): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return cdp;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

async function stopSession(cdp: CDPSession, file: string, top: number): Promise<void> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };
  };
  await cdp.detach();
  writeFileSync(file, JSON.stringify(profile));
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.split('/').pop() ?? '';
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const total = (profile.endTime - profile.startTime) / 1000;
  console.log(`CPU profile (${(total / 1000).toFixed(1)} s) in ${file}; heaviest self time:`);
  for (const [key, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${key}`);
}
