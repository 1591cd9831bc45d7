import type { Browser, Page } from '@playwright/test';
import { dmRoomId } from '../src/shared/ids';
import { DEMO_PASSWORD } from '../src/shared/demo';
import type { Api } from '../testkit/http';
import { signIn, type BenchGlobals } from './browser';

const WARM_UP = 5;
/** A token in brackets, so the time printed after the text cannot run into it. */
const TOKEN = /\[(bench-\d+-[a-z0-9]+)\]/;

/** A signed-in page of `username` with the room `roomId` open. */
export async function openDm(browser: Browser, baseURL: string, username: string, roomId: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await signIn(page, username, DEMO_PASSWORD);
  await page.locator(`[data-testid="room-row"][data-room-id="${roomId}"]`).click();
  await page.locator(`[data-testid="room-view"][data-room-id="${roomId}"]`).waitFor();
  return page;
}

/** Records every Enter pressed in the composer, before the app's own handler runs. */
function recordSends(page: Page): Promise<void> {
  return page.evaluate(() => {
    const g = globalThis as unknown as BenchGlobals;
    g.__sent = [];
    g.document.addEventListener(
      'keydown',
      (event) => {
        if (event.key !== 'Enter' || event.target.tagName !== 'TEXTAREA') return;
        g.__sent?.push({ text: event.target.value ?? '', at: g.performance.timeOrigin + g.performance.now() });
      },
      true,
    );
  });
}

/** Records when a message carrying a bench token first appears in the page. */
function recordArrivals(page: Page): Promise<void> {
  return page.evaluate((pattern) => {
    const g = globalThis as unknown as BenchGlobals;
    const token = new RegExp(pattern);
    const seen: Record<string, number> = {};
    g.__seen = seen;
    // Inline on purpose: the callback runs as page source, without tsx's name-keeping helpers.
    new g.MutationObserver((records) => {
      const at = g.performance.timeOrigin + g.performance.now();
      for (const record of records) {
        for (const node of Array.from(record.addedNodes)) {
          if (node.nodeType !== 1) continue;
          const found = node.matches('[data-testid="message"]')
            ? [node]
            : Array.from(node.querySelectorAll('[data-testid="message"]'));
          for (const el of found) {
            const match = token.exec(el.textContent ?? '');
            if (match?.[1] && !(match[1] in seen)) seen[match[1]] = at;
          }
        }
      }
    }).observe(g.document.body, { childList: true, subtree: true });
  }, TOKEN.source);
}

/** Enter in `sender` → bubble in `receiver`, in ms (both pages share the machine's clock), sorted. */
export async function measureSendToScreen(sender: Page, receiver: Page, count: number): Promise<number[]> {
  await recordSends(sender);
  await recordArrivals(receiver);
  const composer = sender.getByRole('textbox', { name: 'Message', exact: true });
  const tokens: string[] = [];
  for (let i = 0; i < WARM_UP + count; i++) {
    const token = `bench-${i}-${Math.random().toString(36).slice(2, 8)}`;
    tokens.push(token);
    await composer.fill(`latency [${token}]`);
    await composer.press('Enter');
    // A locator wait, not waitForFunction: the app's CSP forbids the eval the latter relies on.
    await receiver.getByTestId('message').filter({ hasText: token }).waitFor();
  }
  const sent = await sender.evaluate(() => (globalThis as unknown as BenchGlobals).__sent ?? []);
  const seen = await receiver.evaluate(() => (globalThis as unknown as BenchGlobals).__seen ?? {});
  const sentAt = new Map(sent.map((s) => [TOKEN.exec(s.text)?.[1] ?? '', s.at]));
  return tokens
    .slice(WARM_UP)
    .map((t) => (seen[t] ?? NaN) - (sentAt.get(t) ?? NaN))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
}

/** Send → screen in the app: alice presses Enter in the DM, the bubble appears in bob's page. */
export async function appSendToScreen(browser: Browser, baseURL: string, api: Api, count: number): Promise<number[]> {
  const alice = await api.login('alice');
  const bob = await api.login('bob');
  const roomId = dmRoomId(alice.id, bob.id);
  const sender = await openDm(browser, baseURL, 'alice', roomId);
  const receiver = await openDm(browser, baseURL, 'bob', roomId);
  try {
    return await measureSendToScreen(sender, receiver, count);
  } finally {
    await sender.context().close();
    await receiver.context().close();
  }
}
