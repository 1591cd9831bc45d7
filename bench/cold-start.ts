import type { BrowserContext } from '@playwright/test';
import type { BenchNode } from './browser';

interface ColdGlobals {
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
}

/**
 * A cold start on a device that already holds the user's data: a new page (new JS realm, RxDB
 * opened from IndexedDB) loads `/`, then `/messages/<room>`, a room never read on this device.
 * Clocks start at navigation.
 */
export async function coldStart(context: BrowserContext, roomId: string): Promise<ColdStart> {
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
    });
    await page.goto('/');
    await page.getByTestId('room-row').first().waitFor({ timeout: 60_000 });
    const list = await page.evaluate(() => (globalThis as unknown as ColdGlobals).__coldRowAt ?? NaN);
    await page.goto(`/messages/${encodeURIComponent(roomId)}`);
    // The room is unread on the device, so it opens at its divider (NaN when it never does).
    await page.locator('[data-testid="room-view"] [data-testid="message"]').first().waitFor({ timeout: 60_000 });
    await page
      .locator('[data-testid="room-view"] [data-testid="unread-divider"]')
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(() => undefined);
    const marks = await page.evaluate(() => {
      const g = globalThis as unknown as ColdGlobals;
      return { room: g.__coldDividerAt ?? NaN, roomBubble: g.__coldMessageAt ?? NaN };
    });
    return { list, ...marks };
  } finally {
    await page.close();
  }
}
