import type { WebContents } from 'electron';
import { originOf } from '../config';
import { log } from '../log';

/** A page may only navigate within our own origins (app://cleanchat, the dev server in dev). */
export function isAllowedNavigation(url: string, trusted: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && trusted.includes(origin);
}

/** Only plain web links leave the app, and they leave it for the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export type WindowOpenDecision = { action: 'deny'; openExternal: string | null };

/** No new Electron windows, ever; http(s) links go to the system browser, anything else nowhere. */
export function decideWindowOpen(url: string): WindowOpenDecision {
  return { action: 'deny', openExternal: isExternalWebUrl(url) ? url : null };
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applies the navigation, redirect, new-window and <webview> guards to one webContents.
 * `openExternal` is shell.openExternal, injected so this stays testable without Electron.
 */
export function guardWebContents(
  contents: GuardedContents,
  trusted: readonly string[],
  openExternal: (url: string) => Promise<void>,
): void {
  const refuse = (event: { preventDefault(): void }, url: string): void => {
    if (isAllowedNavigation(url, trusted)) return;
    event.preventDefault();
    log.warn('blocked navigation to', originOf(url) ?? 'an invalid URL');
  };
  contents.on('will-navigate', (event, url) => refuse(event, url));
  contents.on('will-redirect', (event, url) => refuse(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternal) {
      openExternal(decision.openExternal).catch((error: unknown) => log.warn('openExternal failed', error));
    }
    return { action: decision.action };
  });
}
