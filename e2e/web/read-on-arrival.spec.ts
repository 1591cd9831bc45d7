import { expect, test } from '../fixtures';

/**
 * Issue 7: with both people in their DM, window visible, every other message from Alice stayed
 * unread for Bob (his row, his tab badge and the server's unread_count said 1) and Alice's
 * receipt flipped between "Sent" and "Seen". A message that arrives in the room the reader has
 * open and visible is read at once (SPEC §5).
 */
test('messages arriving in the open room are read at once, every one of them', async ({ api, openApp }) => {
  const alice = await api.register('alice', 'client');
  const bob = await api.register('bob', 'cleaner');
  const roomId = (await alice.startDm(bob.user.id)).room.id;
  await bob.send(roomId, 'Hi Alice');

  const a = await openApp(alice);
  const b = await openApp(bob);
  let aliceMembershipPushes = 0;
  a.page.on('request', (req) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/sync/memberships/push')
      aliceMembershipPushes += 1;
  });
  await a.goto(`/messages/${roomId}`);
  await a.room.expectOpen(roomId);
  await expect(a.room.message('Hi Alice')).toBeVisible();
  await b.goto(`/messages/${roomId}`);
  await b.room.expectOpen(roomId);
  expect(await b.page.evaluate('document.visibilityState')).toBe('visible');
  // Alice reading Bob's greeting is her one membership write; sends must add none.
  await expect.poll(async () => (await alice.rooms()).find((r) => r.id === roomId)?.unread_count).toBe(0);
  const pushesBeforeSending = aliceMembershipPushes;

  for (const n of [1, 2, 3, 4]) {
    const text = `Message number ${n} from Alice`;
    await a.room.send(text);
    await expect(a.room.message(text)).toHaveAttribute('data-pending', 'false');
    await expect(b.room.message(text)).toBeVisible();
    // Read at once, on the device and on the server, and Alice sees it.
    await expect(b.list.rowUnread(roomId)).toHaveCount(0);
    await expect(b.list.badge('direct')).toHaveCount(0);
    await expect.poll(async () => (await bob.rooms()).find((r) => r.id === roomId)?.unread_count).toBe(0);
    await expect(a.room.receipt(text)).toHaveText('Seen');
  }
  expect(aliceMembershipPushes).toBe(pushesBeforeSending);
});
