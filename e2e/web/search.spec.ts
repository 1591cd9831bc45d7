import { storedMessageContents } from '../../bench/idb';
import { expect, test } from '../fixtures';

/** Issue 10, "search, offline": one search over every conversation on the device. */

const pad = (n: number) => String(n).padStart(3, '0');

test('offline, search finds a message in a room that is not open and opens it in its context', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const dm = (await alice.startDm(bob.user.id)).room.id;
  const job = await alice.createJob('Deep clean, 2-bed flat', bob.user.id);
  // The message to find sits three pages back in the DM, older than the room first loads.
  for (let n = 1; n <= 4; n++) await alice.send(dm, `Earlier ${pad(n)}`);
  await alice.send(dm, 'The spare key is in the blue flowerpot by the door');
  for (let n = 1; n <= 120; n++) await alice.send(dm, `Later ${pad(n)}`);

  const b = await openApp(bob);
  await b.goto(`/jobs/${job.id}/chat`);
  await b.room.expectOpen(`job:${job.id}`);
  await expect(b.list.row(dm)).toContainText('Later 120');
  // Arrives while Bob is online, through the stream, into a room he does not have open.
  await alice.send(dm, 'Gate code is 7781');
  await expect(b.list.row(dm)).toContainText('Gate code is 7781');
  // The row shows the room's preview at once; on a device this new the message itself is stored
  // when the messages replication starts after the first sync, a moment later (once back online
  // it would be). Offline search is about what the device stores, so wait for that.
  await expect.poll(() => storedMessageContents(b.page, bob.user.id)).toContain('Gate code is 7781');

  await b.setOffline(true);
  await b.list.expectConnection('offline');
  await b.page.keyboard.press('Control+Shift+F');
  const box = b.page.getByRole('combobox', { name: 'Search all conversations' });
  await expect(box).toBeFocused();

  await box.fill('gate 7781');
  const status = b.page.getByTestId('search-status');
  await expect(status).toHaveText('1 message in 1 conversation');

  await box.fill('blue flowerp');
  await expect(status).toHaveText('1 message in 1 conversation');
  const result = b.page.getByTestId('search-result');
  await expect(result.locator('mark')).toHaveText(['blue', 'flowerpot']);
  await box.press('Enter');

  await b.room.expectOpen(dm);
  const found = b.page.locator('[data-found="true"]');
  await expect(found.getByTestId('message')).toContainText('The spare key is in the blue flowerpot');
  await expect(found).toBeInViewport();
  // History around it is loaded: what came just before and just after.
  await expect(b.room.message('Earlier 004')).toHaveCount(1);
  await expect(b.room.message('Later 001')).toHaveCount(1);
});
