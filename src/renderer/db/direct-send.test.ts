import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureApi } from '../api/client';
import { HttpClient, type FetchFn } from '../api/http';
import { resetAppStore, useAppStore } from '../store';
import { fakePlatform, openTestDb, eventually } from '../test/fakes';
import { fakeSyncServer, putDm, type FakeSyncServer } from '../test/fake-sync-server';
import { sendMessage } from './actions';
import { roomArrivals$ } from './arrivals';
import type { CleanchatDatabase } from './database';
import { mayPushAhead } from './push-order';
import { startSync, type SyncHandle } from './sync';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';

let db: CleanchatDatabase;
let server: FakeSyncServer;
let sync: SyncHandle;

const isMessagePush = (input: string) => input.endsWith('/api/sync/messages/push');
const bodyHas = (init: RequestInit | undefined, text: string) => String(init?.body ?? '').includes(text);

/** Sync (the replication's pushes) through `replicationFetch`, the direct send through `directFetch`. */
async function startOnline(replicationFetch: FetchFn, directFetch: FetchFn): Promise<void> {
  const platform = fakePlatform('refresh');
  const http = new HttpClient({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch: replicationFetch });
  sync = startSync({ db, http, me: 'alice', retryTime: 20, stream: { backoff: () => 10 } });
  configureApi({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch: directFetch });
  await eventually(() => expect(useAppStore.getState().connection).toBe('online'));
  await Promise.all(Object.values(sync.replications).map((r) => r.awaitInSync()));
  await eventually(() => expect(mayPushAhead()).toBe(true));
}

/** A promise with its resolve, to hold one request until another has happened. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** The message is stored once on the server, pushed `pushes` times, and is acknowledged on the device. */
async function expectStoredOnce(content: string, pushes: number): Promise<void> {
  await eventually(async () => {
    const mine = await db.messages.find({ selector: { content } }).exec();
    expect(mine).toHaveLength(1);
    expect(mine[0]?.server_seq).toBeGreaterThan(0);
  });
  await sync.replications.messages.awaitInSync();
  const stored = [...server.feeds.messages.values()].filter((row) => row.doc.content === content);
  expect(stored).toHaveLength(1);
  expect(server.pushed.filter((p) => p.doc.content === content)).toHaveLength(pushes);
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

describe('the direct send and the replication push of one message', SLOW, () => {
  it('store it once, and push it once, when the direct send arrives first: the replication push is answered with the streamed copy', async () => {
    const directDone = gate();
    await startOnline(
      async (input, init) => {
        if (isMessagePush(input) && bodyHas(init, 'direct first')) await directDone.opened;
        return server.fetch(input, init);
      },
      async (input, init) => {
        const res = await server.fetch(input, init);
        if (isMessagePush(input)) directDone.open();
        return res;
      },
    );
    await sendMessage(DM, 'direct first');
    await expectStoredOnce('direct first', 1);
  });

  it('store it once when the replication push arrives first', async () => {
    const replicated = gate();
    await startOnline(
      async (input, init) => {
        const res = await server.fetch(input, init);
        if (isMessagePush(input) && bodyHas(init, 'push first')) replicated.open();
        return res;
      },
      async (input, init) => {
        if (isMessagePush(input)) await replicated.opened;
        return server.fetch(input, init);
      },
    );
    await sendMessage(DM, 'push first');
    await expectStoredOnce('push first', 2);
  });

  it('leave the message to the replication when the direct send fails', async () => {
    await startOnline(server.fetch, async (input, init) => {
      if (isMessagePush(input)) throw new TypeError('Failed to fetch');
      return server.fetch(input, init);
    });
    await sendMessage(DM, 'direct failed');
    await expectStoredOnce('direct failed', 1);
  });

  it('leave the message to the replication when the server refuses the direct send', async () => {
    await startOnline(server.fetch, async (input, init) =>
      isMessagePush(input)
        ? new Response(JSON.stringify({ error: { code: 'internal', message: 'down' } }), { status: 500 })
        : server.fetch(input, init),
    );
    await sendMessage(DM, 'direct refused');
    await expectStoredOnce('direct refused', 1);
  });

  it('acknowledge it when its server copy streams in while the local insert is still being written', async () => {
    await startOnline(server.fetch, server.fetch);
    // The local write waits until the stream has brought the server's copy back: on a busy
    // machine IndexedDB can take longer than the round trip. RxDB then dropped the copy and
    // the message stayed "Sending…".
    const held = gate();
    db.messages.preInsert(async () => held.opened, false);
    const sub = roomArrivals$(DM).subscribe((arrived) => {
      if (arrived.some((m) => m.content === 'raced')) held.open();
    });
    await sendMessage(DM, 'raced');
    sub.unsubscribe();
    await expectStoredOnce('raced', 1);
  });
});
