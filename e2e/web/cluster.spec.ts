import { dmRoomId } from '../../src/shared/ids';
import { servicesUnavailable, startNginxCluster, type NginxCluster } from '../../testkit/cluster';
import { expect, test as base } from '../fixtures';
import { webDir, isWebAppBuilt } from './support/server';

/**
 * SPEC §11 in the browser: two compiled instances over one PostgreSQL and one Redis, behind
 * nginx run from deploy/nginx.conf (round robin, no sticky sessions, stream unbuffered). Every
 * request of the apps and of the test's REST clients goes through nginx, so consecutive requests
 * land on alternate instances and a user's stream is on either one; the nginx log shows both
 * served the writes. Needs PostgreSQL, Redis and nginx (`npm run services`); skipped without.
 */
const unavailable = await servicesUnavailable({ nginx: true });
if (unavailable) console.warn(`SKIPPED e2e/web/cluster.spec.ts: ${unavailable}`);

const test = base.extend<{ cluster: NginxCluster }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  cluster: async ({}, use) => {
    if (!isWebAppBuilt()) throw new Error(`No built web app in ${webDir}: run \`npx electron-vite build\` first.`);
    const cluster = await startNginxCluster(2, { env: { WEB_DIR: webDir } });
    try {
      await use(cluster);
    } finally {
      await cluster.close();
    }
  },
  // The fixtures' server, api and apps all talk to nginx.
  server: async ({ cluster }, use) => use({ url: cluster.url, dataDir: '', close: async () => {} }),
});

test.skip(unavailable !== null, `needs PostgreSQL, Redis and nginx: ${unavailable}`);

/** Every upstream served some of the requests under `path` (round robin really alternated). */
async function expectBothServed(cluster: NginxCluster, path: string): Promise<void> {
  const served = await cluster.servedBy(path);
  for (const upstream of cluster.upstreams) expect(served.get(upstream), `${path} on ${upstream}`).toBeGreaterThan(0);
}

test('a DM with typing and an offline send, between two instances behind nginx', async ({ api, openApp, cluster }) => {
  const clara = await api.register('clara', 'client');
  const cody = await api.register('cody', 'cleaner');
  const a = await openApp(clara);
  const b = await openApp(cody);
  const roomId = dmRoomId(clara.user.id, cody.user.id);

  expect(await a.list.startDm(cody.username, cody.user.id)).toBe(roomId);
  for (const text of ['First across instances', 'Second across instances']) {
    await a.room.send(text);
    await expect(a.room.message(text)).toHaveAttribute('data-pending', 'false');
  }
  await expect(b.list.rowUnread(roomId)).toHaveText('2');
  await b.list.openRow(roomId);
  await b.room.expectTextsInOrder(['First across instances', 'Second across instances']);
  await expect(a.room.receipt('Second across instances')).toHaveText('Seen');

  await b.room.composer.pressSequentially('On my way');
  await expect(a.room.typing).toHaveText(/is typing/);
  await b.room.composer.press('Enter');
  await expect(a.room.message('On my way')).toBeVisible();
  await expect(a.room.typing).not.toHaveText(/typing/);

  await a.setOffline(true);
  await a.list.expectConnection('offline');
  const offline = ['Offline one', 'Offline two', 'Offline three'];
  for (const text of offline) {
    await a.room.send(text);
    await expect(a.room.message(text)).toHaveAttribute('data-pending', 'true');
  }
  await a.setOffline(false);
  await a.list.expectConnection('online');
  await b.room.expectTextsInOrder(offline);
  for (const text of offline) await expect(a.room.message(text)).toHaveAttribute('data-pending', 'false');
  await expect
    .poll(async () => (await cody.messages(roomId)).map((m) => m.content).filter((c) => offline.includes(c)))
    .toEqual(offline);

  await expectBothServed(cluster, '/api/sync/messages/push');
  await expectBothServed(cluster, '/api/sync/');
});

test("a job chat, and a change of cleaner purging it from the old one's app, across instances", async ({ api, openApp, cluster }) => {
  const alice = await api.login('alice');
  const [jobRoom] = await alice.rooms('job');
  const jobId = jobRoom?.job_id;
  if (!jobRoom || !jobId) throw new Error('the demo data has no job room');
  const roomId = jobRoom.id;
  const a = await openApp(alice);
  const b = await openApp('bob');
  const d = await openApp('dave');

  await a.goto(`/jobs/${jobId}/chat`);
  await a.room.expectOpen(roomId);
  await a.room.send('The key box code is 4821.');
  await b.list.showTab('Job Chats');
  await b.list.openRow(roomId);
  await expect(b.room.message('The key box code is 4821.')).toBeVisible();
  await b.room.send('Got it, thanks!');
  await expect(a.room.message('Got it, thanks!')).toBeVisible();
  await d.list.showTab('Job Chats');
  await expect(d.page.getByText('No job chats yet')).toBeVisible();

  await a.goto(`/jobs/${jobId}`);
  await a.page.getByRole('button', { name: 'Change cleaner' }).click();
  await a.page.getByRole('combobox', { name: 'Search cleaners' }).fill('dave');
  await a.page.getByTestId('user-result').filter({ hasText: '@dave' }).click();
  await expect(a.page.getByTestId('job-cleaner')).toHaveText('Dave Silva');

  // Bob's copy goes away, the open view included; Dave gets the room with its history.
  await expect(b.list.row(roomId)).toHaveCount(0);
  await expect(b.page.locator(`[data-testid="room-view"][data-room-id="${roomId}"]`)).toHaveCount(0);
  await d.list.openRow(roomId);
  await expect(d.room.message('The key box code is 4821.')).toBeVisible();
  await expect(d.room.message('Got it, thanks!')).toBeVisible();
  await d.room.send('Hello Alice, Dave here.');
  await a.goto(`/jobs/${jobId}/chat`);
  await expect(a.room.message('Hello Alice, Dave here.')).toBeVisible();

  // Three message pushes can all land on one instance under round robin (other requests fall
  // between them); the DM test checks message pushes on both. Here: sync requests on both.
  await expectBothServed(cluster, '/api/sync/');
});
