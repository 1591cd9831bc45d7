import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureApi, getHttp } from '../api/client';
import { HttpClient } from '../api/http';
import { resetAppStore, useAppStore } from '../store';
import { fakePlatform, openTestDb, eventually } from '../test/fakes';
import { fakeSyncServer, putDm, type FakeSyncServer } from '../test/fake-sync-server';
import { sendMessage } from './actions';
import type { CleanchatDatabase } from './database';
import { startSync, type SyncHandle } from './sync';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';

let db: CleanchatDatabase;
let server: FakeSyncServer;
let sync: SyncHandle;

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

beforeEach(async () => {
  resetAppStore();
  server = fakeSyncServer();
  db = await openTestDb('alice');
  putDm(server, DM, 'alice', 'bob');
});

afterEach(async () => {
  await sync.stop();
  await db.remove();
});

describe('the order of messages sent around the stream opening', SLOW, () => {
  it('a message sent once the stream is open does not overtake one sent before it that the replication still has to push', async () => {
    const stream = gate();
    const firstPush = gate();
    const platform = fakePlatform('refresh');
    const replicationFetch = async (input: string, init?: RequestInit) => {
      if (input.endsWith('/api/sync/stream')) await stream.opened;
      if (input.endsWith('/api/sync/messages/push') && String(init?.body ?? '').includes('sent first')) await firstPush.opened;
      return server.fetch(input, init);
    };
    const http = new HttpClient({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch: replicationFetch });
    sync = startSync({ db, http, me: 'alice', retryTime: 20, stream: { backoff: () => 10 } });
    configureApi({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch: server.fetch });
    // With its token at hand, a direct send reaches the server before the local insert is done.
    await getHttp().refresh();
    await Promise.all(Object.values(sync.replications).map((r) => r.awaitInitialReplication()));

    // Right after start-up the stream is not open yet: this one is the replication's to push.
    expect(useAppStore.getState().connection).toBe('connecting');
    await sendMessage(DM, 'sent first');
    stream.open();
    await eventually(() => expect(useAppStore.getState().connection).toBe('online'));
    await sendMessage(DM, 'sent second');
    firstPush.open();

    await eventually(() => {
      const stored = [...server.feeds.messages.values()].map((row) => row.doc);
      expect(stored.map((doc) => doc.content)).toEqual(['sent first', 'sent second']);
      const seq = (content: string) => Number(stored.find((doc) => doc.content === content)?.server_seq ?? 0);
      expect(seq('sent first')).toBeLessThan(seq('sent second'));
    });
  });
});
