import type { BrowserContext } from '@playwright/test';
import type { BenchNode } from './browser';
import { startProfile, stopProfile } from './profile';
import { waterfall, type LongTaskGlobals } from './waterfall';

interface ColdGlobals extends LongTaskGlobals {
  document: BenchNode;
  performance: { now(): number };
  MutationObserver: new (callback: () => void) => { observe(target: BenchNode, options: { childList: boolean; subtree: boolean }): void; disconnect(): void };
  __coldRowAt?: number;
  __coldMessageAt?: number;
  __coldDividerAt?: number;
}

export interface ColdStart {
  /** Navigation start → first conversation row in the DOM, ms. */
  list: number;
  /** Navigation start → the room, opened by its URL, showing its unread divider, ms. */
  room: number;
  /** Navigation start → the room's first message bubble, ms. */
  roomBubble: number;
  /** A click on another unread room's row in the painted list → its unread divider, ms (NaN without `clickRoomId`). */
  roomClick: number;
  /** Requests and the app's start-up marks of the list's cold start, ms from navigation. */
  waterfall: string;
}

const DIVIDER = '[data-testid="room-view"] [data-testid="unread-divider"]';

/**
 * A cold start on a device that already holds the user's data: a new page (new JS realm, RxDB
 * opened from IndexedDB) loads `/`; with `clickRoomId`, that room (unread) is then opened from
 * the list by a click; then `/messages/<roomId>`, a room never read on this device, is loaded.
 * Clocks start at navigation, or at the click. `profileFile` takes a CPU profile of the first load.
 */
export async function coldStart(context: BrowserContext, roomId: string, profileFile?: string, clickRoomId?: string): Promise<ColdStart> {
  const page = await context.newPage();
  try {
    // An init script runs before the app's own, whatever the page's CSP says.
    await page.addInitScript(() => {
      const g = globalThis as unknown as ColdGlobals;
      const observer = new g.MutationObserver(() => {
        if (g.__coldRowAt === undefined && g.document.querySelectorAll('[data-testid="room-row"]').length > 0) g.__coldRowAt = g.performance.now();
        if (g.__coldMessageAt === undefined && g.document.querySelectorAll('[data-testid="room-view"] [data-testid="message"]').length > 0)
          g.__coldMessageAt = g.performance.now();
        if (g.__coldDividerAt === undefined && g.document.querySelectorAll('[data-testid="room-view"] [data-testid="unread-divider"]').length > 0)
          g.__coldDividerAt = g.performance.now();
      });
      observer.observe(g.document, { childList: true, subtree: true });
      // Inline on purpose: the init script runs as page source.
      new g.PerformanceObserver((list) => {
        g.__longTasks ??= [];
        for (const e of list.getEntries()) g.__longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    if (profileFile) await startProfile(context, page);
    await page.goto('/');
    await page.getByTestId('room-row').first().waitFor({ timeout: 60_000 });
    const list = await page.evaluate(() => (globalThis as unknown as ColdGlobals).__coldRowAt ?? NaN);
    if (profileFile) await stopProfile(profileFile);
    const steps = await waterfall(page, 0);
    let roomClick = NaN;
    if (clickRoomId) {
      const clickedAt = await page.evaluate(() => {
        const g = globalThis as unknown as ColdGlobals;
        g.__coldDividerAt = undefined;
        return g.performance.now();
      });
      await page.locator(`[data-testid="room-row"][href="/messages/${clickRoomId}"]`).click();
      await page.locator(DIVIDER).first().waitFor({ timeout: 60_000 }).catch(() => undefined);
      roomClick = (await page.evaluate(() => (globalThis as unknown as ColdGlobals).__coldDividerAt ?? NaN)) - clickedAt;
    }
    await page.goto(`/messages/${encodeURIComponent(roomId)}`);
    // The room is unread on the device, so it opens at its divider (NaN when it never does).
    await page.locator('[data-testid="room-view"] [data-testid="message"]').first().waitFor({ timeout: 60_000 });
    await page.locator(DIVIDER).first().waitFor({ timeout: 60_000 }).catch(() => undefined);
    const marks = await page.evaluate(() => {
      const g = globalThis as unknown as ColdGlobals;
      return { room: g.__coldDividerAt ?? NaN, roomBubble: g.__coldMessageAt ?? NaN };
    });
    return { list, ...marks, roomClick, waterfall: steps };
  } finally {
    await page.close();
  }
}
