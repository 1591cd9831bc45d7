import { badgeTitle } from '../../src/shared/ipc';
import {
  clickLastNotification,
  lastBadge,
  shownNotifications,
  stubDesktop,
  windowTitle,
} from './desktop-stubs';
import { expect, noElectronReason, signIn, test } from './fixtures';
import type { PageGlobals } from './page-globals';
import { login } from '../../testkit/http';

test.skip(noElectronReason !== null, noElectronReason ?? '');

test('a DM from another client notifies, counts on the badge and opens on click', async ({
  electronApp,
  window,
  server,
}) => {
  const alice = await login(server, 'alice');
  await alice.readAll();
  await stubDesktop(electronApp);

  await signIn(window, 'alice');
  await expect.poll(() => lastBadge(electronApp)).toBe(0);

  // Notifications are for a window in the background.
  await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.blur());
  await window.evaluate(() => {
    (globalThis as unknown as PageGlobals).document.hasFocus = () => false;
  });

  const bob = await login(server, 'bob');
  const { room } = await bob.startDm(alice.user.id);
  const text = `Running ten minutes late, sorry! (${test.info().testId})`;
  await bob.send(room.id, text);

  await expect
    .poll(() => shownNotifications(electronApp))
    .toEqual([{ title: expect.stringMatching(/bob/i), body: text }]);
  await expect.poll(() => lastBadge(electronApp)).toBe(1);
  await expect.poll(() => windowTitle(electronApp)).toBe(badgeTitle(1));

  await clickLastNotification(electronApp);
  await expect(window.getByTestId('room-view')).toHaveAttribute('data-room-id', room.id);
  await expect(window.getByTestId('message').filter({ hasText: text })).toBeVisible();
});

test('with "hide content" on, the notification says only "New message"', async ({
  electronApp,
  window,
  server,
}) => {
  await stubDesktop(electronApp);
  await signIn(window, 'alice');
  await window.evaluate(async () => {
    const g = globalThis as unknown as PageGlobals;
    await g.cleanchat?.invoke('settings:set', { hideContent: true });
    g.document.hasFocus = () => false;
  });
  const alice = await login(server, 'alice');
  const bob = await login(server, 'bob');
  const { room } = await bob.startDm(alice.user.id);
  await bob.send(room.id, 'The spare key is under the mat');
  await expect
    .poll(() => shownNotifications(electronApp))
    .toEqual([{ title: expect.stringMatching(/bob/i), body: 'New message' }]);
});
