import { dmRoomId } from '../../src/shared/ids';
import { expect, test } from '../fixtures';
import { png } from '../images';

test('three photos with one caption: Bob sees one grid of three with the caption, opens the lightbox and arrows through them', async ({
  api,
  openApp,
}) => {
  const alice = await api.login('alice');
  const bob = await api.login('bob');
  const dm = dmRoomId(alice.user.id, bob.user.id);
  const a = await openApp(alice);
  const b = await openApp(bob);
  await a.list.openRow(dm);
  await b.list.openRow(dm);
  await a.list.expectConnection('online');

  const files = ['hall.png', 'kitchen.png', 'bath.png'].map((name, i) => ({
    name,
    mimeType: 'image/png',
    buffer: png(320, 240, i + 1),
  }));
  await a.page.getByTestId('attach-input').setInputFiles(files);
  const dialog = a.page.getByRole('dialog', { name: 'Send 3 attachments' });
  await expect(dialog.getByTestId('attach-preview').locator('img')).toHaveCount(3);
  await dialog.getByLabel('Caption (optional)').fill('After the deep clean');
  await dialog.getByRole('button', { name: 'Send 3 photos' }).click();
  await expect(dialog).toBeHidden();

  const mine = a.room.messages.filter({ has: a.page.getByRole('group', { name: 'Album, 3 photos' }) });
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute('data-pending', 'false');

  // Bob: one bubble, one grid of three thumbnails, the caption once.
  const album = b.page.getByRole('group', { name: 'Album, 3 photos' });
  await expect(album).toHaveCount(1);
  const bubble = b.room.messages.filter({ has: album });
  await expect(bubble).toHaveCount(1);
  await expect(bubble).toContainText('After the deep clean');
  const tiles = album.getByRole('button');
  await expect(tiles).toHaveCount(3);
  await expect(album.locator('img')).toHaveCount(3);
  for (const img of await album.locator('img').all()) await expect(img).toHaveAttribute('src', /^data:image\//);
  expect((await bob.messages(dm)).filter((m) => m.kind === 'image' && m.album_id !== null)).toHaveLength(3);

  await album.getByRole('button', { name: 'Photo 1 of 3' }).click();
  const first = b.page.getByRole('dialog', { name: 'Photo 1 of 3' });
  await expect(first.getByTestId('lightbox')).toHaveAttribute('data-full', 'true');
  await expect(first.getByTestId('lightbox-image')).toHaveAttribute('alt', 'After the deep clean');
  const seen = [await first.getByTestId('lightbox-image').getAttribute('src')];
  for (const n of [2, 3]) {
    await b.page.keyboard.press('ArrowRight');
    const box = b.page.getByRole('dialog', { name: `Photo ${n} of 3` });
    await expect(box.getByTestId('lightbox')).toHaveAttribute('data-full', 'true');
    seen.push(await box.getByTestId('lightbox-image').getAttribute('src'));
  }
  expect(new Set(seen).size).toBe(3);
  await b.page.keyboard.press('ArrowLeft');
  await expect(b.page.getByRole('dialog', { name: 'Photo 2 of 3' })).toBeVisible();
  await b.page.keyboard.press('Escape');
  await expect(b.page.getByRole('dialog')).toBeHidden();

  // Alice deletes the middle photo: Bob's grid loses that tile only.
  await a.page.getByRole('button', { name: 'Delete photo 2 of 3' }).click();
  await a.page.getByTestId('confirm-delete').click();
  const two = b.page.getByRole('group', { name: 'Album, 2 photos' });
  await expect(two).toHaveCount(1);
  await expect(b.room.messages.filter({ has: two })).toContainText('After the deep clean');
  await expect(b.room.messages.filter({ hasText: 'message deleted' })).toHaveCount(0);
});
