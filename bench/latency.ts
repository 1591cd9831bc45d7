import type { Browser, Page } from '@playwright/test';
import { dmRoomId } from '../src/shared/ids';
import { DEMO_PASSWORD } from '../src/shared/demo';
import type { Api } from '../testkit/http';
import { signIn, type BenchGlobals } from './browser';
import { profilePage } from './profile';
import { countingRenders, countRenders, takeRenders, type RenderCounts } from './renders';

/** What recordEdges leaves in a page. */
interface BenchEdgeGlobals {
  __requested?: Record<string, number>;
  __chunks?: Record<string, number>;
  __requests?: Record<string, number>;
  __titles?: number;
}

const WARM_UP = 5;
/** A token in brackets, so the time printed after the text cannot run into it. */
const TOKEN = /\[(bench-\d+-[a-z0-9]+)\]/;

/** A signed-in page of `username` with the room `roomId` open. */
export async function openDm(browser: Browser, baseURL: string, username: string, roomId: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  if (countingRenders()) await countRenders(context);
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

/**
 * Where a bench token first passes a page's network edge: the sender's fetch carrying it
 * (`__requested`), the receiver's stream chunk holding it (`__chunks`). Read at call time, so
 * patching the globals after the app loaded sees every later request and read.
 */
function recordEdges(page: Page): Promise<void> {
  // Plain page source: tsx would wrap named inner functions in a helper the page lacks.
  return page.evaluate(`(() => {
    const token = new RegExp(${JSON.stringify(TOKEN.source)}, 'g');
    const requested = (globalThis.__requested = {});
    const chunks = (globalThis.__chunks = {});
    const note = (into, text) => {
      const at = performance.timeOrigin + performance.now();
      for (const match of text.matchAll(token)) if (match[1] && !(match[1] in into)) into[match[1]] = at;
    };
    const fetch = globalThis.fetch;
    const requests = (globalThis.__requests = {});
    globalThis.fetch = (input, init) => {
      if (typeof init?.body === 'string') note(requested, init.body);
      const path = new URL(String(input?.url ?? input), location.href).pathname;
      const name = (init?.method ?? 'GET') + ' ' + path;
      requests[name] = (requests[name] ?? 0) + 1;
      return fetch(input, init);
    };
    // Window title changes (the unread total is in it): each one is main-thread work of the page's.
    const title = Object.getOwnPropertyDescriptor(Document.prototype, 'title');
    globalThis.__titles = 0;
    Object.defineProperty(Document.prototype, 'title', {
      configurable: true,
      get() { return title.get.call(this); },
      set(value) { globalThis.__titles += 1; title.set.call(this, value); },
    });
    const proto = ReadableStreamDefaultReader.prototype;
    const read = proto.read;
    const decoder = new TextDecoder();
    proto.read = function () {
      return read.call(this).then((result) => {
        if (result.value instanceof Uint8Array && result.value.length < 65536) note(chunks, decoder.decode(result.value));
        return result;
      });
    };
  })()`);
}

/**
 * Per message, in ms: Enter → the request leaving the sender, → the receiver reading the chunk,
 * chunk → bubble; and request → the sender reading its own copy from its stream (the server's
 * share, seen from a page that is not rendering the arrival).
 */
export interface SendStages {
  request: number[];
  chunk: number[];
  echo: number[];
  bubble: number[];
}

/**
 * Enter in `sender` → bubble in `receiver`, in ms (both pages share the machine's clock), sorted.
 * With `stages`, also where each message's time went (the relay's page has the same edges).
 */
export async function measureSendToScreen(sender: Page, receiver: Page, count: number, stages?: SendStages): Promise<number[]> {
  await recordSends(sender);
  await recordArrivals(receiver);
  if (stages) await Promise.all([recordEdges(sender), recordEdges(receiver)]);
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
  if (stages) {
    const requested = await sender.evaluate(() => (globalThis as unknown as BenchEdgeGlobals).__requested ?? {});
    const chunks = await receiver.evaluate(() => (globalThis as unknown as BenchEdgeGlobals).__chunks ?? {});
    const echoes = await sender.evaluate(() => (globalThis as unknown as BenchEdgeGlobals).__chunks ?? {});
    for (const [who, page] of [['sender', sender], ['receiver', receiver]] as const) {
      const requests = await page.evaluate(() => (globalThis as unknown as BenchEdgeGlobals).__requests ?? {});
      const made = Object.entries(requests).map(([name, n]) => `${name} ${(n / tokens.length).toFixed(2)}`);
      if (made.length > 0) console.log(`  ${who} requests per message: ${made.join(', ')}`);
      const titles = await page.evaluate(() => (globalThis as unknown as BenchEdgeGlobals).__titles ?? 0);
      console.log(`  ${who} title changes per message: ${(titles / tokens.length).toFixed(2)}`);
    }
    const span = (from: (t: string) => number | undefined, to: (t: string) => number | undefined) =>
      tokens
        .slice(WARM_UP)
        .map((t) => (to(t) ?? NaN) - (from(t) ?? NaN))
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
    stages.request.push(...span((t) => sentAt.get(t), (t) => requested[t]));
    stages.chunk.push(...span((t) => requested[t], (t) => chunks[t]));
    stages.echo.push(...span((t) => requested[t], (t) => echoes[t]));
    stages.bubble.push(...span((t) => chunks[t], (t) => seen[t]));
  }
  return tokens
    .slice(WARM_UP)
    .map((t) => (seen[t] ?? NaN) - (sentAt.get(t) ?? NaN))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
}

function printRenders({ commits, components }: RenderCounts, messages: number): void {
  const per = (n: number) => (n / messages).toFixed(1);
  const top = Object.entries(components).sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`receiver, per incoming message: ${per(commits)} React commits`);
  for (const [name, n] of top) console.log(`  ${per(n).padStart(6)}  ${name}`);
}

/**
 * Send → screen in the app: alice presses Enter in the DM, the bubble appears in bob's page.
 * BENCH_PROFILE=prefix writes CPU profiles of both pages (prefix-sender/-receiver.cpuprofile).
 */
export async function appSendToScreen(browser: Browser, baseURL: string, api: Api, count: number, stages?: SendStages): Promise<number[]> {
  const alice = await api.login('alice');
  const bob = await api.login('bob');
  const roomId = dmRoomId(alice.id, bob.id);
  const sender = await openDm(browser, baseURL, 'alice', roomId);
  const receiver = await openDm(browser, baseURL, 'bob', roomId);
  const prefix = process.env.BENCH_PROFILE;
  try {
    const stops = prefix ? await Promise.all([sender, receiver].map((page) => profilePage(page.context(), page))) : [];
    if (countingRenders()) await takeRenders(receiver);
    const samples = await measureSendToScreen(sender, receiver, count, stages);
    if (countingRenders()) printRenders(await takeRenders(receiver), count + WARM_UP);
    if (prefix) {
      await stops[0]?.(`${prefix}-sender.cpuprofile`, 25);
      await stops[1]?.(`${prefix}-receiver.cpuprofile`, 25);
    }
    return samples;
  } finally {
    await sender.context().close();
    await receiver.context().close();
  }
}
