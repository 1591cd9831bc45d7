import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';
import { startWebServer } from '../e2e/web/support/server';

/** Debian's Chromium with the flags the e2e `web` project uses (playwright.config.ts). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Runs one bench on its own Chromium and web app server, and closes both after it, whatever
 * happened; a failure prints its message and ends the process with status 1.
 */
export function runBench(
  bench: (browser: Browser, server: Awaited<ReturnType<typeof startWebServer>>) => Promise<void>,
): void {
  const run = async () => {
    const browser = await launchChromium();
    const server = await startWebServer();
    try {
      await bench(browser, server);
    } finally {
      await server.close();
      await browser.close();
    }
  };
  run().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

/** The in-page state the bench's injected listeners keep; the e2e type check has no DOM lib. */
export interface BenchNode {
  nodeType: number;
  textContent: string | null;
  matches(selector: string): boolean;
  querySelectorAll(selector: string): ArrayLike<BenchNode>;
  closest(selector: string): BenchNode | null;
  tagName: string;
  value?: string;
}
export interface BenchGlobals {
  performance: { timeOrigin: number; now(): number };
  document: {
    body: BenchNode;
    addEventListener(
      type: string,
      listener: (event: { key?: string; target: BenchNode }) => void,
      capture: boolean,
    ): void;
  };
  MutationObserver: new (callback: (records: { addedNodes: ArrayLike<BenchNode> }[]) => void) => {
    observe(target: BenchNode, options: { childList: boolean; subtree: boolean }): void;
  };
  /** Enter presses in the composer: the text being sent and when (page clock, ms since epoch). */
  __sent?: { text: string; at: number }[];
  /** Tokens seen in newly rendered messages, with the time they appeared. */
  __seen?: Record<string, number>;
  /** When "Log in" was clicked, and when the first conversation row appeared. */
  __clickedAt?: number;
  __firstRowAt?: number;
}

/** Signs in through the form and waits for the signed-in shell. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('signed-in-user').waitFor();
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a';
}
