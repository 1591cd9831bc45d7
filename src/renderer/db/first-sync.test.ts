import { act, renderHook, waitFor } from '@testing-library/react';
import type { RxStorageInstance } from 'rxdb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpClient } from '../api/http';
import { PULL_BATCH_MAX } from '../../shared/limits';
import { resetAppStore, useAppStore } from '../store';
import { eventually, fakePlatform, openTestDb, wireMessage } from '../test/fakes';
import { fakeSyncServer, putDm, type FakeSyncServer } from '../test/fake-sync-server';
import { setCurrentDb } from './current';
import { sendMessage } from './actions';
import { openDatabase, type CleanchatDatabase } from './database';
import { forgetSearchIndex, useIndexer, useSearchIndexer } from '../features/search/runtime';
import { editMessage } from './message-actions';
import { startSync, type SyncHandle } from './sync';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 60_000 };
const DM = 'dm:alice:bob';
/** Two pages of history. */
const HISTORY = PULL_BATCH_MAX + 300;

let db: CleanchatDatabase;
let server: FakeSyncServer;
let sync: SyncHandle;
let history: string[];
let mine: string;
/** Holds the second page of messages until released, so a test can act in the middle of a first sync. */
let releaseSecondPage: () => void;

function start() {
  const held = new Promise<void>((resolve) => (releaseSecondPage = resolve));
  let messagePulls = 0;
  const fetch = async (input: string, init?: RequestInit) => {
    if (input.includes('/api/sync/messages/pull') && ++messagePulls === 2) await held;
    return server.fetch(input, init);
  };
  const platform = fakePlatform('refresh');
  const http = new HttpClient({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch });
  sync = startSync({ db, http, me: 'alice', retryTime: 20, stream: { backoff: () => 10 } });
}

const stored = () => db.messages.count().exec();
let dexieDbs = 0;

/** The app's storage: RxDB's Dexie over (fake) IndexedDB, where the first sync writes pages directly. */
async function openDexieDb(): Promise<CleanchatDatabase> {
  dexieDbs += 1;
  const dexie = await openDatabase({ userId: `alice-first-sync-${dexieDbs}`, multiInstance: false });
  setCurrentDb({ db: dexie, me: 'alice' });
  return dexie;
}

const STORAGES = { memory: () => openTestDb('alice'), dexie: openDexieDb };

function seed() {
  putDm(server, DM, 'alice', 'bob');
  history = [];
  for (let i = 0; i < HISTORY; i += 1) {
    const message = wireMessage(DM, i === 10 ? 'alice' : 'bob');
    server.put('messages', message);
    history.push(message.id);
  }
  mine = history[10] ?? '';
}

beforeEach(() => {
  resetAppStore();
  server = fakeSyncServer();
});

afterEach(async () => {
  await sync.stop();
  await db.remove();
});

describe.each(Object.entries(STORAGES))('first sync (%s storage)', (_, open) => {
  beforeEach(async () => {
    db = await open();
    seed();
  });

  it('stores the history without reading it back, and later edits and revocations of it replicate', async () => {
    const storage = (db.messages.storageInstance as unknown as { originalStorageInstance: RxStorageInstance<unknown, unknown, unknown> }).originalStorageInstance;
    const reads = vi.spyOn(storage, 'findDocumentsById');
    start();
    releaseSecondPage();
    await eventually(async () => expect(await stored()).toBe(HISTORY));
    await sync.replications.messages.awaitInSync();
    const readIds = new Set(reads.mock.calls.flatMap(([ids]) => ids));
    expect(history.filter((id) => readIds.has(id))).toEqual([]);

    const [edited, revoked] = [history[5] ?? '', history[HISTORY - 1] ?? ''];
    server.put('messages', wireMessage(DM, 'bob', { id: edited, content: 'edited later', server_seq: 6 }), { stream: true });
    server.put('messages', wireMessage(DM, 'bob', { id: revoked, _deleted: true }), { stream: true });
    await eventually(async () => expect((await db.messages.findOne(edited).exec())?.content).toBe('edited later'));
    await eventually(async () => expect(await db.messages.findOne(revoked).exec()).toBeNull());
  }, SLOW.timeout);

  it('pushes a message sent and an edit made while the history downloads, and stores each message once', async () => {
    start();
    await eventually(() => expect(useAppStore.getState().connection).toBe('online'));
    await eventually(async () => expect(await stored()).toBe(PULL_BATCH_MAX));
    await sendMessage(DM, 'sent during the first sync');
    await editMessage(mine, 'edited during the first sync');
    releaseSecondPage();

    await eventually(async () => {
      const sent = await db.messages.findOne({ selector: { content: 'sent during the first sync' } }).exec();
      expect(sent?.server_seq).toBeGreaterThan(0);
    });
    await eventually(() => expect(server.feeds.messages.get(mine)?.doc.content).toBe('edited during the first sync'));
    await sync.replications.messages.awaitInSync();
    expect(await stored()).toBe(HISTORY + 1);
    expect((await db.messages.findOne(mine).exec())?.content).toBe('edited during the first sync');
    const onServer = [...server.feeds.messages.values()].filter((row) => row.doc.content === 'sent during the first sync');
    expect(onServer).toHaveLength(1);
  }, SLOW.timeout);
});

describe('first sync into IndexedDB', SLOW, () => {
  beforeEach(async () => {
    db = await openDexieDb();
    seed();
  });

  it('writes each page of history in one transaction, the next one issued while it commits, without reading a message first', async () => {
    const ids = new Set(history);
    const writing = new Set<IDBTransaction>();
    const open = new Set<IDBTransaction>();
    let mostOpen = 0;
    const reads: string[] = [];
    const originals = { add: IDBObjectStore.prototype.add, put: IDBObjectStore.prototype.put, get: IDBObjectStore.prototype.get };
    for (const name of ['add', 'put'] as const) {
      vi.spyOn(IDBObjectStore.prototype, name).mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        const tx = this.transaction;
        if (ids.has((value as { id?: string }).id ?? '') && !writing.has(tx)) {
          writing.add(tx);
          open.add(tx);
          mostOpen = Math.max(mostOpen, open.size);
          tx.addEventListener('complete', () => open.delete(tx));
        }
        return originals[name].call(this, value, key);
      });
    }
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, query: IDBValidKey | IDBKeyRange) {
      if (typeof query === 'string' && ids.has(query)) reads.push(query);
      return originals.get.call(this, query);
    });
    start();
    releaseSecondPage();
    await eventually(async () => expect(await stored()).toBe(HISTORY));
    await sync.replications.messages.awaitInSync();
    vi.restoreAllMocks();
    expect(writing.size).toBe(Math.ceil(HISTORY / PULL_BATCH_MAX));
    // The second page's puts were queued behind the first page's commit, not after it.
    expect(mostOpen).toBe(2);
    expect(reads).toEqual([]);
  }, SLOW.timeout);

  it('starts the search index after the history is written, so the index reads each message once and none meanwhile', async () => {
    start();
    await eventually(async () => expect(await stored()).toBe(PULL_BATCH_MAX));
    const { result, unmount } = renderHook(() => {
      useSearchIndexer(true);
      return useIndexer();
    });
    try {
      // Started beside the sync, the index would be made by now (an idle slice, then its chunk).
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        await vi.dynamicImportSettled();
      });
      expect(result.current.indexer).toBeNull();
      releaseSecondPage();
      await waitFor(() => expect(result.current.indexer).not.toBeNull(), SLOW);
      const indexer = result.current.indexer;
      await indexer?.ready;
      expect(indexer?.stats.caughtUp).toBe(HISTORY);
    } finally {
      unmount();
      await forgetSearchIndex('alice');
    }
  }, SLOW.timeout);
});
