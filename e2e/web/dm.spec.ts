import { dmRoomId } from '../../src/shared/ids';
import { expect, test } from '../fixtures';

test('two people start a DM from New Message and chat in real time both ways', async ({ api, openApp }) => {
  const clara = await api.register('clara', 'client');
  const cody = await api.register('cody', 'cleaner');
  const a = await openApp(clara);
  const b = await openApp(cody);
  const roomId = dmRoomId(clara.user.id, cody.user.id);

  expect(await a.list.startDm(cody.username, cody.user.id)).toBe(roomId);
  await expect(a.page).toHaveURL((url) => decodeURIComponent(url.pathname) === `/messages/${roomId}`);
  await a.room.send('Hi Cody, are you free on Friday?');
  await expect(a.room.message('Hi Cody, are you free on Friday?')).toHaveAttribute('data-pending', 'false');

  // The DM appears in the other app, unread, without a reload.
  await expect(b.list.rowUnread(roomId)).toHaveText('1');
  await expect(b.list.badge('direct')).toHaveText('1');
  await b.list.openRow(roomId);
  await expect(b.room.message('Hi Cody, are you free on Friday?')).toBeVisible();
  await expect(b.list.badge('direct')).toHaveCount(0);
  await expect(a.room.receipt('Hi Cody, are you free on Friday?')).toHaveText('Seen');

  await b.room.composer.pressSequentially('Yes');
  await expect(a.room.typing).toHaveText(/Cody is typing/);
  await b.room.composer.pressSequentially(', Friday works.');
  await b.room.composer.press('Enter');
  await expect(a.room.message('Yes, Friday works.')).toBeVisible();
  await expect(a.room.typing).not.toHaveText(/typing/);

  await a.room.send('Great, see you then.');
  await expect(b.room.message('Great, see you then.')).toBeVisible();
  const conversation = ['Hi Cody, are you free on Friday?', 'Yes, Friday works.', 'Great, see you then.'];
  await a.room.expectTextsInOrder(conversation);
  await b.room.expectTextsInOrder(conversation);
});

test('unread badges and the order of the list follow new messages', async ({ api, openApp }) => {
  const una = await api.register('una', 'client');
  const pat = await api.register('pat', 'cleaner');
  const quinn = await api.register('quinn', 'cleaner');
  const withPat = (await pat.startDm(una.user.id)).room.id;
  await pat.send(withPat, 'Pat here, first');
  const withQuinn = (await quinn.startDm(una.user.id)).room.id;
  await quinn.send(withQuinn, 'Quinn here');

  const app = await openApp(una);
  await expect.poll(() => app.list.rowIds()).toEqual([withQuinn, withPat]);
  await expect(app.list.badge('direct')).toHaveText('2');
  await expect(app.list.badge('job')).toHaveCount(0);

  await pat.send(withPat, 'Pat again');
  await expect.poll(() => app.list.rowIds()).toEqual([withPat, withQuinn]);
  await expect(app.list.rowUnread(withPat)).toHaveText('2');
  await expect(app.list.badge('direct')).toHaveText('3');
  await expect(app.list.row(withPat)).toContainText('Pat again');

  await app.list.openRow(withPat);
  await expect(app.list.rowUnread(withPat)).toHaveCount(0);
  await expect(app.list.badge('direct')).toHaveText('1');

  const job = await una.createJob('Window cleaning', quinn.user.id);
  await quinn.send(`job:${job.id}`, 'On my way to the windows');
  await expect(app.list.badge('job')).toHaveText('1');
  await app.list.showTab('Job Chats');
  await expect(app.list.rowUnread(`job:${job.id}`)).toHaveText('1');
});

test('someone outside a conversation opening its URL sees "Conversation not found"', async ({ api, openApp }) => {
  const alice = await api.login('alice');
  const bob = await api.login('bob');
  const dm = dmRoomId(alice.user.id, bob.user.id);
  const [jobRoom] = await alice.rooms('job');
  expect(jobRoom?.job_id).toBeTruthy();

  // The same URLs open for a member, so the not-found below is about access, not the URL.
  const a = await openApp('alice');
  await a.goto(`/messages/${dm}`);
  await a.room.expectOpen(dm);
  await expect(a.room.message('Free next month too?')).toBeVisible();

  const carol = await openApp('carol');
  await carol.goto(`/messages/${dm}`);
  await expect(carol.room.notFound).toBeVisible();
  await expect(carol.room.messages).toHaveCount(0);
  await carol.goto(`/jobs/${jobRoom?.job_id}/chat`);
  await expect(carol.room.notFound).toBeVisible();
  await expect(carol.page.getByText('Skip the study')).toHaveCount(0);
  await expect(carol.who.call('GET', `/api/chat/rooms/${dm}/`)).rejects.toMatchObject({ status: 404 });
});
