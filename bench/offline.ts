import type { Browser, BrowserContext, Page } from '@playwright/test';
import { dmRoomId } from '../src/shared/ids';
import type { Api, Client } from '../testkit/http';
import { signIn } from './browser';
import { profilePage } from './profile';
import { storedMessageContents, storedMessageCount } from './idb';
import { seedDm } from './seed';
import type { Row } from './table';

const POLL_MS = 50;

async function openDevice(browser: Browser, baseURL: string, user: Client, roomId: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await signIn(page, user.username, user.password);
  await page.locator(`[data-testid="room-row"][data-room-id="${roomId}"]`).click();
  await page.locator(`[data-testid="room-view"][data-room-id="${roomId}"]`).waitFor();
  await page.locator('[data-testid="sync-status"][data-state="online"]').waitFor();
  return { context, page };
}

async function waitCount(page: Page, userId: string, atLeast: number, limitMs: number): Promise<number> {
  const began = Date.now();
  let count = 0;
  while ((count = (await storedMessageCount(page, userId)).count) < atLeast && Date.now() - began < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return count;
}

/** Expected messages absent from `stored`, and stored copies beyond the first of each. */
function gapsAndDuplicates(expected: readonly string[], stored: readonly string[]): { gaps: number; duplicates: number } {
  const have = new Set(stored);
  return { gaps: expected.filter((c) => !have.has(c)).length, duplicates: stored.length - have.size };
}

/**
 * Offline for a long while: device A loses the network, misses `missed` messages from B (written
 * by B's other device straight into the server) and writes `unsent` of its own. From the moment
 * the network returns: time until both devices hold the same messages, with gaps and duplicates.
 */
export async function offlineCatchUp(browser: Browser, baseURL: string, api: Api, missed: number, unsent: number, limitMs: number): Promise<Row> {
  const a = await api.register('offlinea', 'cleaner');
  const b = await api.register('offlineb', 'client');
  await b.startDm(a.user.id);
  const roomId = dmRoomId(a.user.id, b.user.id);
  const deviceA = await openDevice(browser, baseURL, a, roomId);
  const deviceB = await openDevice(browser, baseURL, b, roomId);
  try {
    await deviceA.context.setOffline(true);
    await deviceA.page.locator('[data-testid="sync-status"][data-state="offline"]').waitFor();
    await seedDm(b, a.user.id, missed, 'missed');
    const composer = deviceA.page.getByRole('textbox', { name: 'Message', exact: true });
    const mine = Array.from({ length: unsent }, (_, i) => `unsent ${i}`);
    for (const text of mine) {
      await composer.fill(text);
      await composer.press('Enter');
    }
    await waitCount(deviceA.page, a.user.id, unsent, limitMs);
    await waitCount(deviceB.page, b.user.id, missed, limitMs);

    const expected = [...Array.from({ length: missed }, (_, i) => `missed ${i}`), ...mine];
    // BENCH_PROFILE=prefix: CPU profiles of both devices over the catch-up.
    const prefix = process.env.BENCH_PROFILE;
    const stops = prefix ? await Promise.all([deviceA, deviceB].map((d) => profilePage(d.context, d.page))) : [];
    const began = Date.now();
    await deviceA.context.setOffline(false);
    const done = async (device: { page: Page }, userId: string) => {
      await waitCount(device.page, userId, expected.length, limitMs);
      return Date.now() - began;
    };
    const [tookA, tookB] = await Promise.all([done(deviceA, a.user.id), done(deviceB, b.user.id)]);
    const elapsed = Math.max(tookA, tookB);
    if (prefix) {
      await stops[0]?.(`${prefix}-a.cpuprofile`, 25);
      await stops[1]?.(`${prefix}-b.cpuprofile`, 25);
    }
    const onA = gapsAndDuplicates(expected, await storedMessageContents(deviceA.page, a.user.id));
    const onB = gapsAndDuplicates(expected, await storedMessageContents(deviceB.page, b.user.id));
    const converged = onA.gaps === 0 && onB.gaps === 0;
    return {
      figure: `offline catch-up: ${missed.toLocaleString('en')} missed + ${unsent} unsent`,
      value: converged ? elapsed / 1000 : NaN,
      unit: 's',
      goal: '≤ 2 s, 0 gaps, 0 duplicates',
      note: `${converged ? '' : `not converged after ${(elapsed / 1000).toFixed(1)} s; `}A done at ${(tookA / 1000).toFixed(2)} s, B at ${(tookB / 1000).toFixed(2)} s; gaps A ${onA.gaps} / B ${onB.gaps}, duplicates A ${onA.duplicates} / B ${onB.duplicates}`,
    };
  } finally {
    await deviceA.context.close();
    await deviceB.context.close();
  }
}
