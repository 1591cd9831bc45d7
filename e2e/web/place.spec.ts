import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures';

/** Issue 10, "never lose your place": the divider, the new-messages button, drafts, links, the job card. */

const pad = (n: number) => String(n).padStart(3, '0');

/** Pixels between the bottom of the visible history and its end. */
function distanceFromEnd(list: Locator): Promise<number> {
  return list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
}

test('a room with 120 unread opens at the first of them under a "New messages" divider', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const roomId = (await alice.startDm(bob.user.id)).room.id;
  for (let n = 1; n <= 10; n++) await alice.send(roomId, `Old ${pad(n)}`);
  await bob.readAll();
  for (let n = 1; n <= 120; n++) await alice.send(roomId, `Unread ${pad(n)}`);

  const b = await openApp(bob);
  await expect(b.list.rowUnread(roomId)).toHaveText('120');
  await b.list.openRow(roomId);
  await b.room.expectOpen(roomId);
  // The first unread is three pages back: older pages load until it is in the list.
  const divider = b.page.getByTestId('unread-divider');
  await expect(divider).toBeInViewport();
  const firstUnread = b.page.getByRole('listitem').filter({ has: divider });
  await expect(firstUnread.getByTestId('message')).toContainText('Unread 001');
  await expect(b.room.message('Old 010')).toHaveCount(1);
  expect(await distanceFromEnd(b.page.getByTestId('message-list'))).toBeGreaterThan(1000);
  // Opening it read it, as before; the divider stays where it was.
  await expect.poll(async () => (await bob.rooms()).find((r) => r.id === roomId)?.unread_count).toBe(0);
  await expect(divider).toBeVisible();
});

test('scrolled up, arrivals show "N new messages", which jumps to the latest and reads them', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const roomId = (await alice.startDm(bob.user.id)).room.id;
  for (let n = 1; n <= 40; n++) await alice.send(roomId, `Earlier ${pad(n)}`);
  await bob.readAll();

  const a = await openApp(alice);
  const b = await openApp(bob);
  await b.goto(`/messages/${roomId}`);
  await b.room.expectOpen(roomId);
  await expect(b.room.message('Earlier 040')).toBeInViewport();
  const list = b.page.getByTestId('message-list');
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(b.room.message('Earlier 001')).toBeInViewport();

  await a.goto(`/messages/${roomId}`);
  await a.room.send('New one');
  await a.room.send('Another new one');
  const button = b.page.getByTestId('new-messages-button');
  await expect(button).toHaveText(/2 new messages/);
  await expect(b.room.message('Earlier 001')).toBeInViewport();
  await button.click();
  await expect(b.room.message('Another new one')).toBeInViewport();
  await expect(button).toHaveCount(0);
  await expect.poll(async () => (await bob.rooms()).find((r) => r.id === roomId)?.unread_count).toBe(0);
  await expect(a.room.receipt('Another new one')).toHaveText('Seen');
});

test('a draft survives a reload, shows as "Draft:" in the list, and goes when sent', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const roomId = (await alice.startDm(bob.user.id)).room.id;
  await bob.send(roomId, 'When can you come?');

  const a = await openApp(alice);
  await a.goto(`/messages/${roomId}`);
  await a.room.composer.fill('Tuesday at 9 works, I will leave the');
  await a.page.reload();
  await a.room.expectOpen(roomId);
  await expect(a.room.composer).toHaveValue('Tuesday at 9 works, I will leave the');
  await a.goto('/messages');
  await expect(a.list.row(roomId).getByTestId('room-draft')).toHaveText('Draft: Tuesday at 9 works, I will leave the');
  await a.list.openRow(roomId);
  await a.room.composer.press('End');
  await a.room.composer.pressSequentially(' key.');
  await a.room.composer.press('Enter');
  await expect(a.room.composer).toHaveValue('');
  await a.page.reload();
  await a.room.expectOpen(roomId);
  await expect(a.room.composer).toHaveValue('');
  await expect(a.list.row(roomId).getByTestId('room-draft')).toHaveCount(0);
});

test('a link in a message opens outside the app, in a new page without an opener', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const roomId = (await alice.startDm(bob.user.id)).room.id;
  await bob.send(roomId, 'The checklist is at https://example.com/checklist?v=2 for you');

  const a = await openApp(alice);
  // No internet here: answer for the outside site so the new page has something to load.
  await a.context.route('https://example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<h1>Outside</h1>' }));
  await a.goto(`/messages/${roomId}`);
  const link = a.room.message('The checklist').getByRole('link', { name: 'https://example.com/checklist?v=2' });
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  const appUrl = a.page.url();
  const [outside] = await Promise.all([a.context.waitForEvent('page'), link.click()]);
  await expect(outside).toHaveURL('https://example.com/checklist?v=2');
  expect(await outside.evaluate('window.opener')).toBeNull();
  expect(a.page.url()).toBe(appUrl);
  await a.room.expectOpen(roomId);
});

test("the job card at the top of the chat: the cleaner's Mark done, seen by the client", async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const job = await alice.createJob('Window clean, 3rd floor', bob.user.id);

  const a = await openApp(alice);
  const b = await openApp(bob);
  await a.goto(`/jobs/${job.id}/chat`);
  await b.goto(`/jobs/${job.id}/chat`);
  const bobCard = b.page.getByTestId('job-card');
  const aliceCard = a.page.getByTestId('job-card');
  await expect(bobCard).toContainText('Window clean, 3rd floor');
  await expect(bobCard).toContainText('1 Test Lane');
  await expect(bobCard).toContainText(`Client: ${alice.user.first_name} ${alice.user.last_name}`);
  await expect(bobCard.getByTestId('job-card-status')).toHaveText('Assigned');
  await expect(aliceCard.getByRole('button', { name: 'Cancel job' })).toBeEnabled();
  await expect(aliceCard.getByRole('button', { name: 'Mark done' })).toHaveCount(0);

  await b.setOffline(true);
  await expect(bobCard.getByRole('button', { name: 'Mark done' })).toBeDisabled();
  await expect(bobCard).toContainText('Needs a connection');
  await b.setOffline(false);
  await bobCard.getByRole('button', { name: 'Mark done' }).click();
  await expect(bobCard.getByTestId('job-card-status')).toHaveText('Done');
  await expect(bobCard.getByRole('button', { name: 'Mark done' })).toHaveCount(0);
  await expect(aliceCard.getByTestId('job-card-status')).toHaveText('Done');
  await expect(aliceCard.getByRole('button', { name: 'Cancel job' })).toHaveCount(0);
});

test('Ctrl+K opens the conversation switcher; typing a name and Enter opens that room', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const carol = await api.register('carol', 'cleaner');
  const bobRoom = (await alice.startDm(bob.user.id)).room.id;
  const carolRoom = (await alice.startDm(carol.user.id)).room.id;
  await bob.send(bobRoom, 'Hello from Bob');
  await carol.send(carolRoom, 'Hello from Carol');

  const a = await openApp(alice);
  await a.goto(`/messages/${bobRoom}`);
  await a.room.expectOpen(bobRoom);
  await a.page.keyboard.press('Control+k');
  const box = a.page.getByRole('combobox', { name: 'Conversation or person' });
  await expect(box).toBeFocused();
  await box.pressSequentially(carol.user.first_name);
  await expect(a.page.getByRole('option')).toHaveCount(1);
  await box.press('Enter');
  await a.room.expectOpen(carolRoom);
  await expect(a.page.getByRole('dialog', { name: 'Switch conversation' })).toHaveCount(0);
});
