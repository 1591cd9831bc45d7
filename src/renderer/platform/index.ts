import { createElectronPlatform } from './electron';
import type { Platform } from './types';
import { createWebPlatform } from './web';

export type { DesktopNotification, PersistResult, Platform } from './types';

let current: Platform | null = null;

/**
 * The host services for this run: Electron's when the preload bridge exists, the browser's
 * otherwise. Synchronous, because the bridge hands over its configuration (the server URL) at
 * preload time; call it anywhere, including before React renders.
 */
export function getPlatform(): Platform {
  current ??=
    typeof window !== 'undefined' && window.cleanchat
      ? createElectronPlatform(window.cleanchat)
      : createWebPlatform();
  return current;
}

/** Replaces the platform (tests, storybook-like harnesses); `null` goes back to detection. */
export function setPlatform(platform: Platform | null): void {
  current = platform;
}
