import { expect, test } from '../fixtures';
import type { Api } from '../../testkit/http';

/** The demo job (alice's, assigned to bob) and its room. */
async function demoJob(api: Api) {
  const alice = await api.login('alice');
  const [room] = await alice.rooms('job');
  if (!room?.job_id) throw new Error('the demo data has no job room');
  return { alice, jobId: room.job_id, roomId: room.id };
}

test('"Message cleaner" opens the job chat and client and cleaner talk in it', async ({ api, openApp }) => {
  const { jobId, roomId } = await demoJob(api);
  const a = await openApp('alice');
  const b = await openApp('bob');

  await a.goto(`/jobs/${jobId}`);
  await expect(a.page.getByRole('heading', { name: 'Deep clean, 2-bed flat' })).toBeVisible();
  await a.page.getByRole('button', { name: 'Message cleaner' }).click();
  await expect(a.page).toHaveURL((url) => url.pathname === `/jobs/${jobId}/chat`);
  await a.room.expectOpen(roomId);
  await expect(a.room.message('Skip the study, please.')).toBeVisible();
  await a.room.send('The key box code is 4821.');

  await b.list.showTab('Job Chats');
  await expect(b.list.row(roomId)).toContainText('The key box code is 4821.');
  await b.list.openRow(roomId);
  await expect(b.room.message('The key box code is 4821.')).toBeVisible();
  await b.room.send('Got it, thanks!');
  await expect(a.room.message('Got it, thanks!')).toBeVisible();
  await a.room.expectTextsInOrder(['Skip the study, please. Thanks!', 'The key box code is 4821.', 'Got it, thanks!']);
});

test("changing a job's cleaner moves the job chat, with its history, to the new cleaner", async ({ api, openApp }) => {
  const { alice, jobId, roomId } = await demoJob(api);
  await alice.send(roomId, 'Before the change of cleaner');
  const b = await openApp('bob');
  const d = await openApp('dave');
  const a = await openApp('alice');

  await b.list.showTab('Job Chats');
  await b.list.openRow(roomId);
  await expect(b.room.message('Before the change of cleaner')).toBeVisible();
  await d.list.showTab('Job Chats');
  await expect(d.page.getByText('No job chats yet')).toBeVisible();

  await a.goto(`/jobs/${jobId}`);
  await expect(a.page.getByTestId('job-cleaner')).toHaveText('Bob Okafor');
  await a.page.getByRole('button', { name: 'Change cleaner' }).click();
  await a.page.getByRole('combobox', { name: 'Search cleaners' }).fill('dave');
  await a.page.getByTestId('user-result').filter({ hasText: '@dave' }).click();
  await expect(a.page.getByTestId('job-cleaner')).toHaveText('Dave Silva');

  // Bob's copy goes away, the open view included.
  await expect(b.list.row(roomId)).toHaveCount(0);
  await expect(b.page.locator(`[data-testid="room-view"][data-room-id="${roomId}"]`)).toHaveCount(0);
  await b.goto(`/jobs/${jobId}/chat`);
  await expect(b.room.notFound).toBeVisible();

  // Dave gets the room and what was said before he joined.
  await d.list.openRow(roomId);
  await expect(d.room.message('Hi Bob, the key box code is on its way.')).toBeVisible();
  await expect(d.room.message('Before the change of cleaner')).toBeVisible();
  await d.room.send('Hello Alice, Dave here.');
  await a.goto(`/jobs/${jobId}/chat`);
  await expect(a.room.message('Hello Alice, Dave here.')).toBeVisible();
});
