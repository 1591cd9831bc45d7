import type { ElectronApplication } from '@playwright/test';
import type { MainStubState } from './page-globals';

export interface ShownNotification {
  title: string;
  body: string;
}

/**
 * Replaces the OS-facing calls in the main process with recorders: Notification#show (so no
 * real notification pops up and the test can click it) and app.setBadgeCount. The app's own
 * code still builds the Notification and badge exactly as in production.
 */
export async function stubDesktop(app: ElectronApplication): Promise<void> {
  await app.evaluate(({ Notification, app: electronApp }) => {
    const state = globalThis as unknown as MainStubState;
    state.__shown = [];
    state.__badges = [];
    Notification.isSupported = () => true;
    Notification.prototype.show = function show(this: Electron.Notification) {
      state.__shown.push(this);
    };
    electronApp.setBadgeCount = (count?: number) => {
      state.__badges.push(count ?? 0);
      return true;
    };
  });
}

export function shownNotifications(app: ElectronApplication): Promise<ShownNotification[]> {
  return app.evaluate(() =>
    (globalThis as unknown as MainStubState).__shown.map((n) => ({ title: n.title, body: n.body })),
  );
}

/** The last count the app put on the badge, or null before the first. */
export function lastBadge(app: ElectronApplication): Promise<number | null> {
  return app.evaluate(() => (globalThis as unknown as MainStubState).__badges.at(-1) ?? null);
}

/** Clicks the newest notification the way the OS would: its `click` event. */
export async function clickLastNotification(app: ElectronApplication): Promise<void> {
  await app.evaluate(() => {
    const shown = (globalThis as unknown as MainStubState).__shown;
    shown.at(-1)?.emit('click', {});
  });
}

export function windowTitle(app: ElectronApplication): Promise<string | undefined> {
  return app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
}
