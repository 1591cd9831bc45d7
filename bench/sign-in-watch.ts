import type { BrowserContext, Page } from '@playwright/test';
import type { Client } from '../testkit/http';
import type { BenchNode } from './browser';
import { waterfall, type LongTaskGlobals } from './waterfall';

interface WatchGlobals extends LongTaskGlobals {
  document: { body: BenchNode; addEventListener(type: string, listener: (event: { target: BenchNode }) => void, capture: boolean): void };
  performance: { now(): number };
  MutationObserver: new (callback: () => void) => { observe(target: BenchNode, options: { childList: boolean; subtree: boolean }): void };
  __clickAt?: number;
  __rowAt?: number;
}

/** Signs in through the form; page-clock ms from the "Log in" click to the first conversation row, and the waterfall. */
export async function signInWatched(context: BrowserContext, user: Client): Promise<{ page: Page; firstRow: number; waterfall: string }> {
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.evaluate(() => {
    const g = globalThis as unknown as WatchGlobals;
    g.document.addEventListener(
      'click',
      (event) => {
        if (g.__clickAt === undefined && event.target.closest('button[type="submit"]')) g.__clickAt = g.performance.now();
      },
      true,
    );
    new g.PerformanceObserver((list) => {
      g.__longTasks ??= [];
      for (const e of list.getEntries()) g.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask', buffered: false });
    new g.MutationObserver(() => {
      if (g.__rowAt === undefined && g.document.body.querySelectorAll('[data-testid="room-row"]').length > 0) g.__rowAt = g.performance.now();
    }).observe(g.document.body, { childList: true, subtree: true });
  });
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('room-row').first().waitFor({ timeout: 60_000 });
  const { clickAt, rowAt } = await page.evaluate(() => {
    const g = globalThis as unknown as WatchGlobals;
    return { clickAt: g.__clickAt ?? NaN, rowAt: g.__rowAt ?? NaN };
  });
  return { page, firstRow: rowAt - clickAt, waterfall: await waterfall(page, clickAt) };
}
