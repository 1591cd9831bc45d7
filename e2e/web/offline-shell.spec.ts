import { dmRoomId } from '../../src/shared/ids';
import { expect, test } from '../fixtures';

interface WorkerGlobals {
  navigator: { serviceWorker: { ready: Promise<unknown>; controller: unknown } };
}

test('after the first visit, a reload while offline opens the app on its local data', async ({ api, openApp }) => {
  const alice = await api.login('alice');
  const bob = await api.login('bob');
  const dm = dmRoomId(alice.user.id, bob.user.id);
  await bob.send(dm, 'Before the network went');
  const a = await openApp(alice);
  await a.list.openRow(dm);
  await expect(a.room.message('Before the network went')).toBeVisible();
  // The worker has precached the shell once it is active and controls the page.
  await a.page.evaluate(async () => {
    await (globalThis as unknown as WorkerGlobals).navigator.serviceWorker.ready;
  });
  await expect
    .poll(() => a.page.evaluate(() => (globalThis as unknown as WorkerGlobals).navigator.serviceWorker.controller !== null))
    .toBe(true);

  await a.setOffline(true);
  await a.page.reload();
  await a.list.expectConnection('offline');
  await expect(a.room.message('Before the network went')).toBeVisible();
  // A route the page never loaded as a document is answered from the cache too.
  await a.goto('/jobs');
  await a.list.expectConnection('offline');
});
