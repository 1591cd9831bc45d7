import { expect, test } from '../fixtures';

test('Alice makes a group with Bob and Dave, all three chat, and removing Dave purges his copy', async ({ openApp }) => {
  const alice = await openApp('alice');
  const bob = await openApp('bob');
  const dave = await openApp('dave');

  await alice.page.getByRole('button', { name: 'New group' }).click();
  const dialog = alice.page.getByRole('dialog', { name: 'New group' });
  await dialog.getByLabel('Group name').fill('Harbour Street crew');
  for (const who of [bob.who, dave.who]) {
    await dialog.getByRole('combobox', { name: 'Add people' }).fill(who.username);
    await dialog.locator(`[data-testid="user-result"][data-user-id="${who.user.id}"]`).click();
  }
  await dialog.getByRole('button', { name: 'Create group' }).click();
  const roomId = await alice.list.waitForOpenRoom();
  expect(roomId).toMatch(/^group:/);
  await expect(alice.page.getByTestId('system-message').first()).toContainText('Alice created the group "Harbour Street crew"');

  await alice.room.send('Hello crew, Friday at 9?');
  await bob.list.openRow(roomId);
  await expect(bob.room.message('Hello crew, Friday at 9?')).toBeVisible();
  await bob.room.send('Works for me');
  await dave.list.openRow(roomId);
  await expect(dave.room.message('Works for me')).toBeVisible();
  await dave.room.send('See you there');
  await expect(alice.room.message('See you there')).toBeVisible();
  await expect(alice.page.getByTestId('seen-by')).toHaveText(/Seen by [12]/);

  await alice.page.getByTestId('members-button').click();
  await alice.page.getByRole('button', { name: /^Remove Dave/ }).click();
  await expect(alice.page.locator(`[data-testid="member"][data-user-id="${dave.who.user.id}"]`)).toHaveCount(0);
  await alice.page.keyboard.press('Escape');
  await expect(bob.page.getByTestId('system-message').filter({ hasText: 'Alice removed Dave' })).toBeVisible();

  // Dave's copy goes: the row leaves his list and the room's address finds nothing.
  await expect(dave.list.row(roomId)).toHaveCount(0);
  await dave.goto(`/messages/${roomId}`);
  await expect(dave.room.notFound).toBeVisible();
});

test('Carol asks support about her job; Sam answers from the Support section and resolves; Carol writes again and it re-opens', async ({ api, openApp }) => {
  const carolApi = await api.login('carol');
  const job = await carolApi.createJob('Window clean', null);
  const carol = await openApp(carolApi);
  const sam = await openApp('sam');

  await carol.goto(`/jobs/${job.id}/chat`);
  await carol.page.getByRole('button', { name: 'Get help with this job' }).click();
  const ask = carol.page.getByRole('dialog', { name: 'Get help with Window clean' });
  await ask.getByLabel('Your question').fill('Can I move the date?');
  await ask.getByRole('button', { name: 'Send to support' }).click();
  await expect(carol.room.view).toHaveAttribute('data-room-id', /^support:/);
  const roomId = (await carol.room.view.getAttribute('data-room-id')) ?? '';

  await sam.goto('/support');
  const item = sam.page.locator(`[data-testid="support-item"][data-room-id="${roomId}"]`);
  await expect(item).toContainText('Carol');
  await expect(item).toContainText('Waiting since');
  await item.getByRole('link').click();
  await sam.room.expectOpen(roomId);
  await expect(sam.room.message('Can I move the date?')).toBeVisible();
  await sam.room.send('Yes, pick any day next week.');
  await expect(carol.room.message('Yes, pick any day next week.')).toBeVisible();

  await sam.goto('/support');
  await sam.page.getByRole('button', { name: /^Resolve request from Carol/ }).click();
  await expect(sam.page.locator(`[data-testid="support-item"][data-room-id="${roomId}"]`)).toHaveCount(0);
  await expect(carol.page.getByTestId('system-message').filter({ hasText: 'Sam marked this resolved' })).toBeVisible();

  await carol.room.send('Thanks! One more question.');
  await expect(sam.page.locator(`[data-testid="support-item"][data-room-id="${roomId}"]`)).toBeVisible();
});

test('staff post an announcement; a member reads it and cannot post', async ({ openApp }) => {
  const sam = await openApp('sam');
  const alice = await openApp('alice');
  const news = sam.list.rows.filter({ hasText: 'Cleanchat news' });
  await expect(news.getByTestId('announcement-icon')).toBeVisible();
  await news.click();
  await sam.room.send('New: book a clean from the app.');

  await alice.list.rows.filter({ hasText: 'Cleanchat news' }).click();
  await expect(alice.room.message('New: book a clean from the app.')).toBeVisible();
  await expect(alice.page.getByTestId('staff-only')).toHaveText(/Only support staff post/);
  await expect(alice.room.composer).toHaveCount(0);
});
