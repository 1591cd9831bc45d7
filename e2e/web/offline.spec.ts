import { dmRoomId } from '../../src/shared/ids';
import { expect, test } from '../fixtures';

test('messages written offline are sent once, in order, when the connection returns', async ({ api, openApp }) => {
  const alice = await api.login('alice');
  const bob = await api.login('bob');
  const dm = dmRoomId(alice.user.id, bob.user.id);
  const a = await openApp(alice);
  const b = await openApp(bob);
  await a.list.openRow(dm);
  await b.list.openRow(dm);
  await a.list.expectConnection('online');

  await a.setOffline(true);
  await a.list.expectConnection('offline');
  await expect(a.list.offlineBanner).toBeVisible();
  await expect(a.page.getByTestId('presence')).toHaveText('Status unknown');
  const texts = ['Offline one', 'Offline two', 'Offline three'];
  for (const text of texts) {
    await a.room.send(text);
    await expect(a.room.message(text)).toHaveAttribute('data-pending', 'true');
  }
  await a.room.expectTextsInOrder(texts);
  expect((await bob.messages(dm)).map((m) => m.content)).not.toContain('Offline one');

  await a.setOffline(false);
  await a.list.expectConnection('online');
  await expect(a.list.offlineBanner).toBeHidden();
  await b.room.expectTextsInOrder(texts);
  for (const text of texts) await expect(a.room.message(text)).toHaveAttribute('data-pending', 'false');
  await a.room.expectTextsInOrder(texts);
  await expect
    .poll(async () => (await bob.messages(dm)).map((m) => m.content).filter((c) => texts.includes(c)))
    .toEqual(texts);
});

test('two people who start the same DM while offline end with one room holding every message', async ({ api, openApp }) => {
  const xena = await api.register('xena', 'client');
  const yuri = await api.register('yuri', 'cleaner');
  const roomId = dmRoomId(xena.user.id, yuri.user.id);
  const x = await openApp(xena);
  const y = await openApp(yuri);

  // Each finds the other while online (the people search needs the server), then loses the network.
  const yuriResult = await x.list.searchPerson(yuri.username, yuri.user.id);
  const xenaResult = await y.list.searchPerson(xena.username, xena.user.id);
  await x.setOffline(true);
  await y.setOffline(true);
  await x.list.expectConnection('offline');
  await y.list.expectConnection('offline');

  await yuriResult.click();
  expect(await x.list.waitForOpenRoom()).toBe(roomId);
  await xenaResult.click();
  expect(await y.list.waitForOpenRoom()).toBe(roomId);
  await x.room.send('Xena offline 1');
  await y.room.send('Yuri offline 1');
  await x.room.send('Xena offline 2');
  await y.room.send('Yuri offline 2');
  await expect(x.room.messages).toHaveCount(2);
  await expect(y.room.messages).toHaveCount(2);

  await x.setOffline(false);
  await y.setOffline(false);
  const all = ['Xena offline 1', 'Xena offline 2', 'Yuri offline 1', 'Yuri offline 2'];
  for (const app of [x, y]) {
    await expect(app.room.messages).toHaveCount(4);
    await expect(app.page.locator('[data-testid="message"][data-pending="true"]')).toHaveCount(0);
    await expect.poll(async () => (await app.room.texts()).sort()).toEqual(all);
    await expect(app.list.rows).toHaveCount(1);
    await expect(app.list.row(roomId)).toBeVisible();
  }
  // Both screens show the server's one order.
  await expect.poll(() => y.room.texts()).toEqual(await x.room.texts());
  expect((await xena.rooms('direct')).map((r) => r.id)).toEqual([roomId]);
  expect((await yuri.messages(roomId)).map((m) => m.content).sort()).toEqual(all);
});
