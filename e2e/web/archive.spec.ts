import { expect, test } from '../fixtures';

test('archiving hides a DM from Active; a new message brings it back unless the DM is muted', async ({ api, openApp }) => {
  const vera = await api.register('vera', 'client');
  const walt = await api.register('walt', 'cleaner');
  const roomId = (await vera.startDm(walt.user.id)).room.id;
  await vera.send(roomId, 'Hello Walt');

  const app = await openApp(walt);
  await app.list.openRow(roomId);
  await app.page.getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(app.page.getByRole('button', { name: 'Unarchive', exact: true })).toBeVisible();
  await expect(app.list.row(roomId)).toHaveCount(0);
  await app.list.showFilter('Archived');
  await expect(app.list.row(roomId)).toBeVisible();
  await app.list.showFilter('All');
  await expect(app.list.row(roomId)).toBeVisible();

  // A new message from the other person un-archives the room (SPEC §2).
  await vera.send(roomId, 'Are you still there?');
  await app.list.showFilter('Active');
  await expect(app.list.row(roomId)).toBeVisible();

  // Muted and archived: new messages leave it archived, and it adds nothing to the badge.
  await app.page.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(app.page.getByRole('button', { name: 'Unmute', exact: true })).toBeVisible();
  await app.page.getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(app.list.row(roomId)).toHaveCount(0);
  await app.page.goto('/messages');
  await vera.send(roomId, 'Quiet message');
  await app.list.showFilter('Archived');
  await expect(app.list.row(roomId)).toContainText('Quiet message');
  await app.list.showFilter('Active');
  await expect(app.list.row(roomId)).toHaveCount(0);
  await expect(app.list.badge('direct')).toHaveCount(0);
});
