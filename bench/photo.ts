import type { Page } from '@playwright/test';

/**
 * In-page probes of the photo bench, read on each page's own clock (ms since epoch; both pages
 * share the machine's clock). The e2e type check has no DOM lib, hence the narrow types.
 */
interface ProbeNode {
  tagName: string;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
  textContent: string | null;
  querySelectorAll(selector: string): ArrayLike<ProbeNode>;
  querySelector(selector: string): ProbeNode | null;
}
interface ProbeGlobals {
  performance: {
    timeOrigin: number;
    now(): number;
    getEntriesByType(
      type: string,
    ): { name: string; initiatorType: string; duration: number; startTime: number }[];
  };
  document: {
    body: ProbeNode;
    querySelectorAll(selector: string): ArrayLike<ProbeNode>;
    addEventListener(type: string, listener: (event: { target: ProbeNode }) => void, capture: boolean): void;
  };
  MutationObserver: new (callback: () => void) => {
    observe(target: ProbeNode, options: { childList: boolean; subtree: boolean }): void;
  };
  /** When a file was chosen in the composer's file input, and when the preview's Send was clicked. */
  __chosenAt?: number;
  __sendAt?: number;
  /** Caption token → when its message's thumbnail appeared. */
  __thumbAt?: Record<string, number>;
  /** When a photo thumbnail was clicked, and when the lightbox's full (blob:) image finished loading. */
  __openedAt?: number;
  __fullAt?: number;
}

/** Sender side: records when a file is chosen in the paperclip's input, and when it is sent. */
export function probeChoice(page: Page): Promise<void> {
  return page.evaluate(() => {
    const g = globalThis as unknown as ProbeGlobals;
    g.document.addEventListener(
      'change',
      (event) => {
        if (event.target.getAttribute('data-testid') === 'attach-input')
          g.__chosenAt = g.performance.timeOrigin + g.performance.now();
      },
      true,
    );
    g.document.addEventListener(
      'click',
      (event) => {
        if (/^Send \d* ?photos?$/.test(event.target.textContent ?? ''))
          g.__sendAt = g.performance.timeOrigin + g.performance.now();
      },
      true,
    );
  });
}

/**
 * Receiver side: records when a message whose caption holds a bracketed token first shows its
 * thumbnail (a data: image), when a thumbnail is clicked, and when the lightbox's full image loads.
 */
export function probeViewing(page: Page): Promise<void> {
  return page.evaluate(() => {
    const g = globalThis as unknown as ProbeGlobals;
    const seen: Record<string, number> = {};
    g.__thumbAt = seen;
    // Inline on purpose: the callback runs as page source, without tsx's name-keeping helpers.
    new g.MutationObserver(() => {
      const at = g.performance.timeOrigin + g.performance.now();
      for (const el of Array.from(g.document.querySelectorAll('[data-testid="message"]'))) {
        const match = /\[(photo-\d+-[a-z0-9]+)\]/.exec(el.textContent ?? '');
        if (!match?.[1] || match[1] in seen) continue;
        if (el.querySelector('[data-testid="photo-thumb"] img[src^="data:image/"]')) seen[match[1]] = at;
      }
    }).observe(g.document.body, { childList: true, subtree: true });
    g.document.addEventListener(
      'click',
      (event) => {
        if (event.target.matches('[data-testid="photo-thumb"], [data-testid="photo-thumb"] *'))
          g.__openedAt = g.performance.timeOrigin + g.performance.now();
      },
      true,
    );
    // load does not bubble; a capturing listener on the document still sees it.
    g.document.addEventListener(
      'load',
      (event) => {
        const t = event.target;
        if (
          t.getAttribute('data-testid') === 'lightbox-image' &&
          (t.getAttribute('src') ?? '').startsWith('blob:')
        )
          g.__fullAt = g.performance.timeOrigin + g.performance.now();
      },
      true,
    );
  });
}

/** When the last photo was chosen and when it was sent (page clock, ms since epoch). */
export const choiceTimes = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as ProbeGlobals;
    return { chosen: g.__chosenAt ?? NaN, sent: g.__sendAt ?? NaN };
  });
export const thumbAt = (page: Page, token: string) =>
  page.evaluate((t) => (globalThis as unknown as ProbeGlobals).__thumbAt?.[t] ?? NaN, token);

/**
 * Thumbnail click → full image loaded, in ms (NaN if it does not load within 10 s); resets the
 * probe for the next photo. The load event can trail the src change by a decode, so it waits.
 */
export const openToFull = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const g = globalThis as unknown as ProbeGlobals & {
          setInterval(f: () => void, ms: number): number;
          clearInterval(id: number): void;
        };
        const started = g.performance.now();
        // Inline callbacks only: the page source has no tsx name-keeping helpers.
        const timer = g.setInterval(() => {
          if (g.__fullAt === undefined && g.performance.now() - started < 10_000) return;
          g.clearInterval(timer);
          const ms = (g.__fullAt ?? NaN) - (g.__openedAt ?? NaN);
          g.__fullAt = undefined;
          g.__openedAt = undefined;
          resolve(ms);
        }, 20);
      }),
  );

/** The duration (request start → response end) of the page's last attachment upload, in ms. */
export const lastUploadMs = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as ProbeGlobals;
    const uploads = g.performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/attachments/?'));
    return uploads.at(-1)?.duration ?? NaN;
  });
