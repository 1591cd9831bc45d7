import type { Locator } from '@playwright/test';
import { expect, test, type AppSession } from '../fixtures';

/** Issue 10, message actions (SPEC §9): edit, delete, reply and react, seen on the other side. */

const pad = (n: number) => String(n).padStart(3, '0');

/** Opens a message's menu from its actions button (shown on hover), as a pointer user does. */
async function openMenu(app: AppSession, message: Locator): Promise<Locator> {
  await message.hover();
  await message.getByTestId('message-actions').click();
  const menu = app.page.getByRole('menu', { name: 'Message actions' });
  await expect(menu).toBeVisible();
  return menu;
}

/** The message by id: its text changes when it is edited or deleted. */
const byId = (app: AppSession, id: string) => app.page.locator(`[data-testid="message"][data-message-id="${id}"]`);

async function deleteFromContextMenu(app: AppSession, message: Locator): Promise<void> {
  const id = (await message.getAttribute('data-message-id')) as string;
  await message.locator('.cc-msg__bubble').click({ button: 'right' });
  await app.page.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem', { name: 'Delete' }).click();
  await app.page.getByTestId('confirm-delete').click();
  await expect(byId(app, id)).toContainText('message deleted');
  await expect(byId(app, id)).toBeFocused();
}

test('edits and deletes reach the other side, also when made offline', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const roomId = (await alice.startDm(bob.user.id)).room.id;
  await alice.send(roomId, 'Door code 1111');
  await alice.send(roomId, 'See you at 9');
  const a = await openApp(alice);
  const b = await openApp(bob);
  await a.goto(`/messages/${roomId}`);
  await b.goto(`/messages/${roomId}`);
  await b.room.expectTextsInOrder(['Door code 1111', 'See you at 9']);

  // Online: edit from the menu, delete from the context menu.
  await (await openMenu(a, a.room.message('See you at 9'))).getByRole('menuitem', { name: 'Edit' }).click();
  const editBox = a.page.getByRole('textbox', { name: 'Edit message' });
  await expect(editBox).toBeFocused();
  await expect(editBox).toHaveValue('See you at 9');
  await editBox.fill('See you at 10');
  await editBox.press('Enter');
  await expect(b.room.message('See you at 10').getByTestId('message-edited')).toBeVisible();
  await deleteFromContextMenu(a, a.room.message('Door code 1111'));
  await expect(b.page.getByTestId('message').filter({ hasText: 'message deleted' })).toHaveCount(1);
  await expect(b.room.view).not.toContainText('Door code 1111');

  // Offline: Up in the empty box edits my last message; a delete waits too.
  await alice.send(roomId, 'Wrong room, sorry');
  await expect(a.room.message('Wrong room, sorry')).toHaveCount(1);
  await a.setOffline(true);
  await a.list.expectConnection('offline');
  await deleteFromContextMenu(a, a.room.message('Wrong room, sorry'));
  await (await openMenu(a, a.room.message('See you at 10'))).getByRole('menuitem', { name: 'Edit' }).click();
  await editBox.fill('See you at 11');
  await editBox.press('Enter');
  await expect(a.room.message('See you at 11')).toHaveCount(1);
  const stored = await bob.messages(roomId);
  expect(stored.map((m) => m.content)).toEqual(['', 'See you at 10', 'Wrong room, sorry']);

  await a.setOffline(false);
  await a.list.expectConnection('online');
  await expect(b.room.message('See you at 11').getByTestId('message-edited')).toBeVisible();
  await expect(b.page.getByTestId('message').filter({ hasText: 'message deleted' })).toHaveCount(2);
  await expect(b.room.view).not.toContainText('Wrong room, sorry');
  await expect(b.page.getByTestId('arrival-announcer')).toHaveText('');
  await expect.poll(async () => (await bob.messages(roomId)).map((m) => [m.content, m.deleted])).toEqual([
    ['', true],
    ['See you at 11', false],
    ['', true],
  ]);

  // Up in the empty box, by keyboard only.
  await a.room.composer.focus();
  await a.room.composer.press('ArrowUp');
  await expect(editBox).toHaveValue('See you at 11');
  await editBox.press('Escape');
  await expect(a.room.composer).toHaveValue('');
});

test('a reply quotes its original, and clicking the quote jumps to it through older pages', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const roomId = (await alice.startDm(bob.user.id)).room.id;
  const original = await alice.send(roomId, 'The key is under the blue pot');
  for (let n = 1; n <= 120; n++) await alice.send(roomId, `Filler ${pad(n)}`);
  await bob.call('POST', `/api/chat/rooms/${roomId}/messages/`, { content: 'Found it', reply_to_id: original.id });

  // Replying from the menu of the newest message.
  const b = await openApp(bob);
  await b.goto(`/messages/${roomId}`);
  await (await openMenu(b, b.room.message('Filler 120'))).getByRole('menuitem', { name: 'Reply' }).click();
  await expect(b.page.getByTestId('compose-target')).toContainText('Filler 120');
  await expect(b.room.composer).toBeFocused();
  await b.room.send('On it');
  await expect(b.page.getByTestId('compose-target')).toHaveCount(0);

  const a = await openApp(alice);
  await a.goto(`/messages/${roomId}`);
  await expect(a.room.message('On it').getByTestId('reply-quote')).toContainText('Filler 120');
  const reply = a.room.message('Found it');
  await expect(reply).toBeInViewport();
  await expect(byId(a, original.id)).toHaveCount(0);
  const quote = reply.getByTestId('reply-quote');
  await expect(quote).toContainText('You');
  await expect(quote).toContainText('The key is under the blue pot');
  // The original is three pages back: clicking the quote loads them and lands on it.
  await quote.click();
  const target = byId(a, original.id);
  await expect(target).toBeInViewport();
  await expect(target).toBeFocused();
});

test('reactions are added and removed from both sides', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const roomId = (await alice.startDm(bob.user.id)).room.id;
  await alice.send(roomId, 'All done, photos attached');
  const a = await openApp(alice);
  const b = await openApp(bob);
  await a.goto(`/messages/${roomId}`);
  await b.goto(`/messages/${roomId}`);
  const onA = a.room.message('All done, photos attached');
  const onB = b.room.message('All done, photos attached');
  const chip = (message: Locator, emoji: string) => message.locator(`[data-testid="reaction-chip"][data-emoji="${emoji}"]`);

  await (await openMenu(b, onB)).getByRole('menuitemcheckbox', { name: 'React with 👍' }).click();
  await expect(chip(onA, '👍')).toHaveAccessibleName('👍 1');
  await chip(onA, '👍').click();
  await expect(chip(onB, '👍')).toHaveAccessibleName('👍 2');
  await expect(chip(onB, '👍')).toHaveAttribute('aria-pressed', 'true');
  await chip(onB, '👍').focus();
  await expect(onB.getByRole('tooltip')).toHaveText(`You, ${alice.user.first_name} ${alice.user.last_name}`);

  // Tapping the same one again removes it, on each side.
  await chip(onB, '👍').click();
  await expect(chip(onA, '👍')).toHaveAccessibleName('👍 1');
  await chip(onA, '👍').click();
  await expect(onB.getByTestId('reactions')).toHaveCount(0);
  await expect(onA.getByTestId('reactions')).toHaveCount(0);

  // Any emoji, from the menu's field.
  const menu = await openMenu(a, onA);
  await menu.getByRole('menuitem', { name: 'React with another emoji…' }).click();
  await menu.getByLabel('Emoji').fill('🎉');
  await menu.getByLabel('Emoji').press('Enter');
  await expect(chip(onB, '🎉')).toHaveAccessibleName('🎉 1');
  await expect.poll(async () => (await bob.pullAll('reactions')).documents.filter((r) => !r._deleted).map((r) => r.emoji)).toEqual(['🎉']);
});
