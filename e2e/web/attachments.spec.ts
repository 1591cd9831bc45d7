import { dmRoomId } from '../../src/shared/ids';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { expect, test, type AppSession } from '../fixtures';
import { png } from '../images';

// Voice notes record from Chromium's fake microphone, granted without a prompt.
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
});

async function attachPhoto(app: AppSession, name: string, caption: string): Promise<void> {
  await app.page
    .getByTestId('attach-input')
    .setInputFiles({ name, mimeType: 'image/png', buffer: png(320, 240) });
  const dialog = app.page.getByRole('dialog', { name: 'Send an attachment' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Caption (optional)').fill(caption);
  await dialog.getByRole('button', { name: 'Send photo' }).click();
  await expect(dialog).toBeHidden();
}

const photoMessage = (app: AppSession, caption: string) =>
  app.room.messages.filter({ hasText: caption }).filter({ has: app.page.getByTestId('photo-thumb') });

test('a photo with a caption: Bob sees the thumbnail and the full photo, the list says Photo, Carol gets 404', async ({
  api,
  openApp,
}) => {
  const alice = await api.login('alice');
  const bob = await api.login('bob');
  const carol = await api.login('carol');
  const dm = dmRoomId(alice.user.id, bob.user.id);
  const a = await openApp(alice);
  const b = await openApp(bob);
  await a.list.openRow(dm);
  await a.list.expectConnection('online');

  await attachPhoto(a, 'stain.png', 'The stain by the sink');
  await expect(photoMessage(a, 'The stain by the sink')).toHaveAttribute('data-pending', 'false');
  await expect(b.list.row(dm)).toContainText('Photo: The stain by the sink');

  await b.list.openRow(dm);
  const thumb = photoMessage(b, 'The stain by the sink').getByTestId('photo-thumb');
  await expect(thumb.locator('img')).toHaveAttribute('src', /^data:image\//);
  await thumb.click();
  const lightbox = b.page.getByRole('dialog', { name: 'Photo 1 of 1' });
  await expect(lightbox.getByTestId('lightbox')).toHaveAttribute('data-full', 'true');
  await expect(lightbox.getByTestId('lightbox-image')).toHaveAttribute('src', /^blob:/);
  await b.page.keyboard.press('Escape');
  await expect(lightbox).toBeHidden();

  const [stored] = (await bob.messages(dm)).filter((m) => m.kind === 'image');
  const id = stored?.attachment?.id ?? '';
  expect(id).not.toBe('');
  // Raw fetches: the bytes are not JSON. The token goes in the header, as the app sends it.
  const status = async (who: typeof bob, path: string) =>
    (await fetch(`${who.base}${path}`, { headers: { authorization: `Bearer ${who.token}` } })).status;
  expect(await status(bob, `/api/attachments/${id}`)).toBe(200);
  expect(await status(carol, `/api/attachments/${id}`)).toBe(404);
  expect(await status(carol, `/api/attachments/${id}/thumbnail`)).toBe(404);
});

test('a photo attached offline survives a reload and reaches Bob once when the connection returns', async ({
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

  await a.setOffline(true);
  await a.list.expectConnection('offline');
  await attachPhoto(a, 'key-box.png', 'Key box by the door');
  const pending = a.page.getByTestId('pending-upload');
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText('Sending…');

  await a.page.reload();
  await a.room.expectOpen(dm);
  await expect(a.page.getByTestId('pending-upload')).toHaveCount(1);

  await a.setOffline(false);
  await a.list.expectConnection('online');
  await expect(a.page.getByTestId('pending-upload')).toHaveCount(0);
  await expect(photoMessage(b, 'Key box by the door')).toHaveCount(1);
  await expect(photoMessage(a, 'Key box by the door')).toHaveAttribute('data-pending', 'false');
  await expect
    .poll(
      async () =>
        (await bob.messages(dm)).filter((m) => m.kind === 'image' && m.content === 'Key box by the door')
          .length,
    )
    .toBe(1);
});

test('a voice note and a location reach the other side', async ({ api, openApp }) => {
  const alice = await api.login('alice');
  const bob = await api.login('bob');
  const dm = dmRoomId(alice.user.id, bob.user.id);
  const a = await openApp(alice);
  const b = await openApp(bob);
  await a.list.openRow(dm);
  await b.list.openRow(dm);
  await a.list.expectConnection('online');

  await a.page.getByRole('button', { name: 'Record voice message' }).click();
  await expect(a.page.getByRole('timer')).toHaveText(/0:0[1-9]/);
  await a.page.getByRole('button', { name: 'Send voice message' }).click();
  const voice = b.room.messages.filter({ has: b.page.getByTestId('voice-player') });
  await expect(voice).toHaveCount(1);
  await expect(b.list.row(dm)).toContainText(/Voice message \(0:0\d\)/);
  await voice.getByRole('button', { name: 'Play voice message' }).click();
  await expect(voice.locator('audio')).toHaveAttribute('src', /^blob:/);

  await a.page.getByRole('button', { name: 'Share location' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'Share location' });
  await dialog.getByLabel('Address or name of the place').fill('Back entrance, 12 High St');
  await dialog.getByLabel('Coordinates (latitude, longitude)').fill('51.50722, -0.1275');
  await dialog.getByRole('button', { name: 'Send location' }).click();
  const card = b.page.getByTestId('location-card');
  await expect(card).toContainText('Back entrance, 12 High St');
  await expect(card).toContainText('51.50722, -0.12750');
  await expect(card.getByRole('link', { name: 'Open map' })).toHaveAttribute(
    'href',
    /openstreetmap\.org\/\?mlat=51\.50722&mlon=-0\.1275/,
  );
  await expect(b.list.row(dm)).toContainText('Location');
});
