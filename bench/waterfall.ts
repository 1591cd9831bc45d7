import type { Page } from '@playwright/test';

/** What an init script's long-task observer keeps for `waterfall` (page clock, ms). */
export interface LongTaskGlobals {
  PerformanceObserver: new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  __longTasks?: { start: number; end: number }[];
}

interface TimingGlobals extends LongTaskGlobals {
  performance: {
    getEntriesByType(type: string): { name: string; startTime: number; responseEnd?: number; duration: number; initiatorType?: string }[];
  };
}

/** The document's own entry (PerformanceNavigationTiming), page clock. */
interface NavigationEntry {
  workerStart: number;
  fetchStart: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  domInteractive: number;
  domContentLoadedEventEnd: number;
}

/**
 * The page's requests, its long tasks (when watched) and the app's `cleanchat:` User Timing marks since `from` (page clock, ms),
 * one line each, as offsets from `from`: where a start-up's time goes, in order.
 */
export async function waterfall(page: Page, from: number): Promise<string> {
  const entries = await page.evaluate(() => {
    const g = globalThis as unknown as TimingGlobals;
    const requests = g.performance.getEntriesByType('resource').map((e) => ({
      name: new URL(e.name).pathname.replace(/\?.*$/, ''),
      start: e.startTime,
      end: e.responseEnd ?? e.startTime + e.duration,
    }));
    const marks = g.performance
      .getEntriesByType('mark')
      .filter((e) => e.name.startsWith('cleanchat:'))
      .map((e) => ({ name: e.name, start: e.startTime, end: e.startTime }));
    // The document itself: the service worker's start (0 without one), its response, the parse.
    const [nav] = g.performance.getEntriesByType('navigation') as unknown as NavigationEntry[];
    const document = nav
      ? [
          ...(nav.workerStart > 0 ? [{ name: 'document: service worker started', start: nav.workerStart, end: nav.workerStart }] : []),
          { name: 'document (index.html)', start: nav.fetchStart, end: nav.responseEnd },
          { name: 'document: DOM interactive', start: nav.domInteractive, end: nav.domInteractive },
          { name: 'document: DOMContentLoaded done', start: nav.domContentLoadedEventEnd, end: nav.domContentLoadedEventEnd },
        ]
      : [];
    const tasks = (g.__longTasks ?? []).map((t) => ({ name: `long task ${(t.end - t.start).toFixed(0)} ms`, ...t }));
    return [...document, ...requests, ...marks, ...tasks];
  });
  return entries
    .filter((e) => e.end >= from)
    .sort((a, b) => a.start - b.start)
    .map((e) => {
      const span = e.end > e.start ? `${(e.start - from).toFixed(0).padStart(6)} → ${(e.end - from).toFixed(0).padStart(5)}` : `${(e.start - from).toFixed(0).padStart(6)}        `;
      return `  ${span} ms  ${e.name}`;
    })
    .join('\n');
}
