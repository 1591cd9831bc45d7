import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, type FetchFn } from '../api/http';
import { resetAppStore } from '../store';
import { fakePlatform, openTestDb, wireMessage, eventually } from '../test/fakes';
import { fakeSyncServer, putDm, type FakeSyncServer } from '../test/fake-sync-server';
import type { CleanchatDatabase } from './database';
import { startSync, type SyncHandle } from './sync';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';

let db: CleanchatDatabase;
let server: FakeSyncServer;
let sync: SyncHandle | null = null;

function start(fetch: FetchFn, messagesStartLatestMs?: number) {
  const platform = fakePlatform('refresh');
  const http = new HttpClient({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch });
  sync = startSync({ db, http, me: 'alice', retryTime: 20, stream: { backoff: () => 10 }, messagesStartLatestMs });
}

beforeEach(async () => {
  resetAppStore();
  server = fakeSyncServer();
  db = await openTestDb('alice');
  putDm(server, DM, 'alice', 'bob');
  server.put('messages', wireMessage(DM, 'bob', { id: 'first', content: 'hi alice', server_seq: 1 }));
});

afterEach(async () => {
  await sync?.stop();
  await db.remove();
});

describe('sync at start-up', SLOW, () => {
  it('on a device that holds its history, messages replicate without waiting for the list collections', async () => {
    start(server.fetch);
    await eventually(async () => expect(await db.messages.findOne('first').exec()).not.toBeNull());
    await sync?.stop();

    // The next start: the list collections' pulls hang, and their wait would never end.
    server.put('messages', wireMessage(DM, 'bob', { id: 'later', content: 'the gate code', server_seq: 2 }));
    const hang = new Promise<Response>(() => undefined);
    start(async (input, init) => {
      if (/\/api\/sync\/(users|rooms|memberships)\/pull/.test(input)) return hang;
      return server.fetch(input, init);
    }, 10 * 60_000);
    await eventually(async () => expect(await db.messages.findOne('later').exec()).not.toBeNull());
  });
});
