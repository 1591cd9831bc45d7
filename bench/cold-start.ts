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
  /** IndexedDB records read by cursors so far (each `continue` reads one): the store's work. */
  __coldCursorReads?: number;
  __coldDividerReads?: number;
  IDBCursor: { prototype: { continue(key?: unknown): void } };
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
  /** IndexedDB records read by cursors: to the list's first row, click → divider, and to the URL-opened room's divider. */
  reads: { list: number; click: number; room: number };
  /** Messages pull requests from the load of the URL-opened room to its divider. */
  roomMessagePulls: number;
  /** Requests and the app's start-up marks of the list's cold start, ms from navigation. */
  waterfall: string;
  /** The same from the click into a room (empty without `clickRoomId`), ms from the click. */
  clickWaterfall: string;
  /** The same for the URL-opened room's load (its marks carry the records read so far). */
  roomWaterfall: string;
}

const DIVIDER = '[data-testid="room-view"] [data-testid="unread-divider"]';

/**
 * A cold start on a device that already holds the user's data: a new page (new JS realm, RxDB
 * opened from IndexedDB) loads `/`; with `clickRoomId`, that room (unread) is then opened from
 * the list by a click; then `/messages/<roomId>`, a room never read on this device, is loaded.
 * Clocks start at navigation, or at the click. `profileFile` takes a CPU profile of the first
 * load, `clickProfileFile` one of the click's room opening.
 */
export async function coldStart(
  context: BrowserContext,
  roomId: string,
  profileFile?: string,
  clickRoomId?: string,
  clickProfileFile?: string,
): Promise<ColdStart> {
  const page = await context.newPage();
  try {
    // An init script runs before the app's own, whatever the page's CSP says.
    await page.addInitScript(() => {
      const g = globalThis as unknown as ColdGlobals;
      g.__coldCursorReads = 0;
      // Each app mark carries the records read so far, so the waterfall shows where they went.
      const perf = g.performance as unknown as { mark(name: string, options?: unknown): unknown };
      const mark = perf.mark.bind(perf);
      perf.mark = (name: string, options?: unknown) =>
        mark(name.startsWith('cleanchat:') ? `${name} (${g.__coldCursorReads ?? 0} read)` : name, options);
      const next = g.IDBCursor.prototype.continue;
      g.IDBCursor.prototype.continue = function (this: unknown, key?: unknown) {
        g.__coldCursorReads = (g.__coldCursorReads ?? 0) + 1;
        return key === undefined ? next.call(this) : next.call(this, key);
      };
      const observer = new g.MutationObserver(() => {
        if (g.__coldRowAt === undefined && g.document.querySelectorAll('[data-testid="room-row"]').length > 0) g.__coldRowAt = g.performance.now();
        if (g.__coldMessageAt === undefined && g.document.querySelectorAll('[data-testid="room-view"] [data-testid="message"]').length > 0)
          g.__coldMessageAt = g.performance.now();
        if (g.__coldDividerAt === undefined && g.document.querySelectorAll('[data-testid="room-view"] [data-testid="unread-divider"]').length > 0)
        {
          g.__coldDividerAt = g.performance.now();
          g.__coldDividerReads = g.__coldCursorReads;
          perf.mark('cleanchat:bench-divider-in-dom');
        }
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
    const listReads = await page.evaluate(() => (globalThis as unknown as ColdGlobals).__coldCursorReads ?? 0);
    if (profileFile) await stopProfile(profileFile);
    const steps = await waterfall(page, 0);
    let roomClick = NaN;
    let clickReads = NaN;
    let clickSteps = '';
    if (clickRoomId) {
      const [clickedAt, readsAtClick] = await page.evaluate(() => {
        const g = globalThis as unknown as ColdGlobals;
        g.__coldDividerAt = undefined;
        return [g.performance.now(), g.__coldCursorReads ?? 0];
      });
      if (clickProfileFile) await startProfile(context, page);
      await page.locator(`[data-testid="room-row"][href="/messages/${clickRoomId}"]`).click();
      await page.locator(DIVIDER).first().waitFor({ timeout: 60_000 }).catch(() => undefined);
      if (clickProfileFile) await stopProfile(clickProfileFile);
      const atDivider = await page.evaluate(() => {
        const g = globalThis as unknown as ColdGlobals;
        return { at: g.__coldDividerAt ?? NaN, reads: g.__coldDividerReads ?? NaN };
      });
      roomClick = atDivider.at - clickedAt;
      clickSteps = await waterfall(page, clickedAt);
      clickReads = atDivider.reads - readsAtClick;
    }
    let roomMessagePulls = 0;
    const countPull = (request: { url(): string }) => {
      if (request.url().includes('/api/sync/messages/pull')) roomMessagePulls += 1;
    };
    page.on('request', countPull);
    await page.goto(`/messages/${encodeURIComponent(roomId)}`);
    // The room is unread on the device, so it opens at its divider (NaN when it never does).
    await page.locator('[data-testid="room-view"] [data-testid="message"]').first().waitFor({ timeout: 60_000 });
    await page.locator(DIVIDER).first().waitFor({ timeout: 60_000 }).catch(() => undefined);
    const marks = await page.evaluate(() => {
      const g = globalThis as unknown as ColdGlobals;
      return { room: g.__coldDividerAt ?? NaN, roomBubble: g.__coldMessageAt ?? NaN, reads: g.__coldDividerReads ?? NaN };
    });
    page.off('request', countPull);
    // Whatever the room's open started (its unread count, say) is given a moment to show in the waterfall.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const roomSteps = await waterfall(page, 0);
    const { reads, ...times } = marks;
    return { list, ...times, roomClick, reads: { list: listReads, click: clickReads, room: reads }, roomMessagePulls, waterfall: steps, clickWaterfall: clickSteps, roomWaterfall: roomSteps };
  } finally {
    await page.close();
  }
}
