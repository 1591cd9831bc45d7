import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureApi } from '../api/client';
import { HttpClient } from '../api/http';
import { resetAppStore, useAppStore } from '../store';
import { fakePlatform, openTestDb, room, wireMessage, eventually } from '../test/fakes';
import { fakeSyncServer, putDm, type FakeSyncServer } from '../test/fake-sync-server';
import { sendMessage } from './actions';
import type { CleanchatDatabase } from './database';
import { purgeDeleted } from './database';
import { mayPushAhead } from './push-order';
import { startSync, type SyncHandle } from './sync';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

const DM = 'dm:alice:bob';
let db: CleanchatDatabase;
let server: FakeSyncServer;
let sync: SyncHandle;

function start() {
  const platform = fakePlatform('refresh');
  const http = new HttpClient({
    baseUrl: platform.serverUrl,
    store: platform.secureStore,
    fetch: server.fetch,
  });
  sync = startSync({ db, http, me: 'alice', retryTime: 20, stream: { backoff: () => 10 } });
}

const connection = () => useAppStore.getState().connection;

beforeEach(async () => {
  resetAppStore();
  server = fakeSyncServer();
  db = await openTestDb('alice');
  putDm(server, DM, 'alice', 'bob');
  server.put('messages', {
    ...wireMessage(DM, 'bob', { id: 'from-bob', content: 'hi alice', server_seq: 1 }),
  });
});

afterEach(async () => {
  await sync.stop();
  await db.remove();
});

describe('sync', SLOW, () => {
  it('pulls every collection and goes online when the stream opens', async () => {
    start();
    await eventually(async () => expect(await db.messages.findOne('from-bob').exec()).not.toBeNull());
    expect((await db.messages.findOne('from-bob').exec())?.toJSON()).toMatchObject({
      content: 'hi alice',
      is_deleted: false,
    });
    expect(await db.users.findOne('bob').exec()).not.toBeNull();
    await eventually(() => expect(connection()).toBe('online'));
  });

  it('pushes a message written offline exactly once when the connection returns', async () => {
    server.offline = true;
    start();
    await eventually(() => expect(connection()).toBe('offline'));
    await sendMessage(DM, 'written on the train');
    server.offline = false;
    sync.reconnect();
    await eventually(async () => {
      const mine = await db.messages.findOne({ selector: { sender_id: 'alice' } }).exec();
      expect(mine?.server_seq).toBeGreaterThan(0);
    });
    await Promise.all(Object.values(sync.replications).map((r) => r.awaitInSync()));
    const pushes = server.pushed.filter((p) => p.collection === 'messages');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.doc).toMatchObject({ content: 'written on the train', deleted: false, server_seq: 0 });
    expect(pushes[0]?.doc).not.toHaveProperty('is_deleted');
  });

  it('sends a message straight to the server while online, without waiting for the replication', async () => {
    start();
    await eventually(() => expect(connection()).toBe('online'));
    await Promise.all(Object.values(sync.replications).map((r) => r.awaitInSync()));
    await eventually(() => expect(mayPushAhead()).toBe(true));
    const platform = fakePlatform('refresh');
    configureApi({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch: server.fetch });
    // With the replication paused, only the direct send can bring it to the server.
    await sync.replications.messages.pause();
    await sendMessage(DM, 'on my way');
    await eventually(() =>
      expect(server.pushed.filter((p) => p.doc.content === 'on my way')).toHaveLength(1),
    );
    await sync.replications.messages.start();
    await eventually(async () => {
      const mine = await db.messages.findOne({ selector: { content: 'on my way' } }).exec();
      expect(mine?.server_seq).toBeGreaterThan(0);
    });
  });

  it('applies stream changes and removes documents the server deletes', async () => {
    start();
    await eventually(() => expect(connection()).toBe('online'));
    await eventually(async () => expect(await db.rooms.findOne(DM).exec()).not.toBeNull());
    server.put('messages', wireMessage(DM, 'bob', { id: 'live', content: 'streamed' }), { stream: true });
    await eventually(async () =>
      expect((await db.messages.findOne('live').exec())?.content).toBe('streamed'),
    );

    // Losing access: the room and its messages come back with _deleted: true.
    server.put('rooms', { ...room(DM, ['alice', 'bob']), _deleted: true }, { stream: true });
    server.put('messages', wireMessage(DM, 'bob', { id: 'live', content: 'streamed', _deleted: true }), {
      stream: true,
    });
    await eventually(async () => expect(await db.messages.findOne('live').exec()).toBeNull());
    await eventually(async () => expect(await db.rooms.findOne(DM).exec()).toBeNull());

    await purgeDeleted(db);
    const stored = await db.messages.storageInstance.findDocumentsById(['live'], true);
    expect(stored).toEqual([]);
  });

  it('re-pulls every collection on RESYNC', async () => {
    start();
    await eventually(() => expect(connection()).toBe('online'));
    await Promise.all(Object.values(sync.replications).map((r) => r.awaitInSync()));
    // A change the stream never announced, e.g. written while the stream was down.
    server.put('messages', wireMessage(DM, 'bob', { id: 'missed' }));
    server.emit('data: RESYNC\n\n');
    await eventually(async () => expect(await db.messages.findOne('missed').exec()).not.toBeNull());
  });

  it('puts typing and presence into the store and drops typing when the message arrives', async () => {
    start();
    await eventually(() => expect(connection()).toBe('online'));
    // History arriving from the first pull also ends bob's typing, so let it land first.
    await Promise.all(Object.values(sync.replications).map((r) => r.awaitInSync()));
    server.emit('event: presence\ndata: {"user_id":"bob","online":true}\n\n');
    server.emit(
      `event: typing\ndata: {"room_id":"${DM}","user_id":"bob","at":"2026-01-01T10:00:00.000Z"}\n\n`,
    );
    server.emit(
      `event: typing\ndata: {"room_id":"${DM}","user_id":"alice","at":"2026-01-01T10:00:00.000Z"}\n\n`,
    );
    await eventually(() => expect(Object.keys(useAppStore.getState().typing[DM] ?? {})).toEqual(['bob']));
    expect(useAppStore.getState().online).toEqual({ bob: true });
    server.put('messages', wireMessage(DM, 'bob', { id: 'typed' }), { stream: true });
    await eventually(() => expect(useAppStore.getState().typing[DM]).toBeUndefined());
  });

  it('goes offline when the stream drops and back online when it reconnects', async () => {
    start();
    await eventually(() => expect(connection()).toBe('online'));
    server.emit('event: presence\ndata: {"user_id":"bob","online":true}\n\n');
    await eventually(() => expect(useAppStore.getState().online).toEqual({ bob: true }));
    server.offline = true;
    server.endStreams();
    await eventually(() => expect(connection()).toBe('offline'));
    expect(useAppStore.getState().online).toEqual({});
    server.offline = false;
    window.dispatchEvent(new Event('online'));
    await eventually(() => expect(connection()).toBe('online'));
  });
});
