import { badgeLabel, badgeTitle } from '../../shared/ipc';
import type { RegisterHandler } from './handle';

export interface BadgeDeps {
  /** app.setBadgeCount: macOS dock and Linux Unity launchers; returns false where unsupported. */
  setBadgeCount(count: number): boolean;
  setWindowTitle(title: string): void;
  setTrayTooltip(text: string): void;
}

/** Tray tooltip text for an unread total. */
export function trayTooltip(count: number): string {
  const label = badgeLabel(count);
  return label ? `cleanchat: ${label} unread` : 'cleanchat';
}

/**
 * Shows the unread total wherever this OS can: the app badge where supported, and always the
 * window title and tray tooltip, so Windows and plain Linux desktops see it too.
 */
export function createBadge(deps: BadgeDeps) {
  let current = 0;
  return {
    set(count: number): void {
      current = count;
      try {
        deps.setBadgeCount(count);
      } catch {
        // Some Linux launchers throw instead of returning false; the title below still shows it.
      }
      deps.setWindowTitle(badgeTitle(count));
      deps.setTrayTooltip(trayTooltip(count));
    },
    get count(): number {
      return current;
    },
  };
}

export type Badge = ReturnType<typeof createBadge>;

export function registerBadgeIpc(handle: RegisterHandler, badge: Badge): void {
  handle('badge:set', ({ count }) => badge.set(count));
}
