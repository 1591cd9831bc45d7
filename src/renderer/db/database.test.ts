import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { at, localMessage, room } from '../test/fakes';
import { CLEANUP_POLICY, databaseName, openDatabase, purgeDeleted, removeDatabase } from './database';
import { localMessageSchema } from './message-codec';
import { ensurePlugins, withValidation } from './plugins';
import { unreadCount } from './unread';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

describe('databaseName', () => {
  it('gives every user their own valid RxDB name', () => {
    expect(databaseName('0192f0c1-aaaa-7bbb-8ccc-123456789abc')).toBe(
      'cleanchat-u-0192f0c1-aaaa-7bbb-8ccc-123456789abc',
    );
    expect(databaseName('Bob')).toBe('cleanchat-x-426f62');
    expect(databaseName('bob')).not.toBe(databaseName('Bob'));
  });
});

describe('openDatabase with the app storage (Dexie over IndexedDB)', SLOW, () => {
  it('stores, counts unread, purges tombstones and is removed on sign-out', async () => {
    const db = await openDatabase({ userId: 'dexie-user' });
    expect(db.cleanupPolicy).toMatchObject(CLEANUP_POLICY);
    await db.rooms.insert(room('dm:alice:bob', ['alice', 'bob']));
    await db.messages.bulkInsert([
      localMessage('dm:alice:bob', 'bob', { id: 'one', created_at: at(1) }),
      localMessage('dm:alice:bob', 'bob', { id: 'two', created_at: at(2) }),
    ]);
    expect(await unreadCount(db, 'dm:alice:bob', 'alice', at(1))).toBe(1);

    await (await db.messages.findOne('two').exec())?.remove();
    expect(await db.messages.storageInstance.findDocumentsById(['two'], true)).toHaveLength(1);
    await purgeDeleted(db);
    expect(await db.messages.storageInstance.findDocumentsById(['two'], true)).toHaveLength(0);

    await db.close();
    await removeDatabase('dexie-user');
    const reopened = await openDatabase({ userId: 'dexie-user' });
    expect(await reopened.messages.count().exec()).toBe(0);
    await reopened.remove();
  });
});

describe('message schema v1 (received_at)', SLOW, () => {
  it('migrates stored messages: acknowledged ones get their created_at, pending ones null', async () => {
    await ensurePlugins();
    const storage = getRxStorageMemory();
    const userId = 'migrating-user';
    const { received_at: _, ...v0Properties } = localMessageSchema.properties as Record<string, unknown>;
    const v0 = {
      ...localMessageSchema,
      version: 0,
      properties: v0Properties,
      required: (localMessageSchema.required as string[]).filter((f) => f !== 'received_at'),
    } as unknown as RxJsonSchema<Record<string, unknown>>;
    const old = await createRxDatabase({
      name: databaseName(userId),
      storage: await withValidation(storage),
      multiInstance: false,
    });
    await old.addCollections({ messages: { schema: v0 } });
    const { received_at: _a, ...acked } = localMessage('dm:alice:bob', 'bob', {
      id: 'acked',
      created_at: at(3),
    });
    const { received_at: _p, ...pending } = localMessage('dm:alice:bob', 'alice', {
      id: 'pending',
      server_seq: 0,
    });
    await old.collections.messages!.bulkInsert([acked, pending]);
    await old.close();

    const db = await openDatabase({ userId, storage, multiInstance: false });
    expect((await db.messages.findOne('acked').exec())?.received_at).toBe(at(3));
    expect((await db.messages.findOne('pending').exec())?.received_at).toBeNull();
    await db.remove();
  });

  it('migrates stored messages to version 2: no attachment and no location', async () => {
    await ensurePlugins();
    const storage = getRxStorageMemory();
    const userId = 'migrating-user-2';
    const { attachment: _x, location: _y, ...v1Properties } = localMessageSchema.properties as Record<string, unknown>;
    const v1 = {
      ...localMessageSchema,
      version: 1,
      properties: v1Properties,
      required: (localMessageSchema.required as string[]).filter((f) => f !== 'attachment' && f !== 'location'),
    } as unknown as RxJsonSchema<Record<string, unknown>>;
    const old = await createRxDatabase({ name: databaseName(userId), storage: await withValidation(storage), multiInstance: false });
    await old.addCollections({ messages: { schema: v1, migrationStrategies: { 1: (d: unknown) => d } } });
    const { attachment: _a, location: _l, ...stored } = localMessage('dm:alice:bob', 'bob', { id: 'old' });
    await old.collections.messages!.insert(stored);
    await old.close();

    const db = await openDatabase({ userId, storage, multiInstance: false });
    const doc = await db.messages.findOne('old').exec();
    expect(doc?.attachment).toBeNull();
    expect(doc?.location).toBeNull();
    expect(doc?.content).toBe(stored.content);
    await db.remove();
  });
});

describe('message schema v2 (reply_to_id)', SLOW, () => {
  it('migrates stored messages: none of them was a reply', async () => {
    await ensurePlugins();
    const storage = getRxStorageMemory();
    const userId = 'migrating-user-v2';
    const { reply_to_id: _, ...v1Properties } = localMessageSchema.properties as Record<string, unknown>;
    const v1 = {
      ...localMessageSchema,
      version: 1,
      properties: v1Properties,
      required: (localMessageSchema.required as string[]).filter((f) => f !== 'reply_to_id'),
    } as unknown as RxJsonSchema<Record<string, unknown>>;
    const old = await createRxDatabase({ name: databaseName(userId), storage: await withValidation(storage), multiInstance: false });
    await old.addCollections({ messages: { schema: v1, migrationStrategies: { 1: (doc: Record<string, unknown>) => doc } } });
    const { reply_to_id: _r, ...stored } = localMessage('dm:alice:bob', 'bob', { id: 'old', content: 'before replies' });
    await old.collections.messages!.bulkInsert([stored]);
    await old.close();

    const db = await openDatabase({ userId, storage, multiInstance: false });
    expect((await db.messages.findOne('old').exec())?.toJSON()).toMatchObject({ content: 'before replies', reply_to_id: null });
    await db.remove();
  });
});

describe('message schema v4 (album_id)', SLOW, () => {
  it('migrates stored messages: each was sent on its own, in no album', async () => {
    await ensurePlugins();
    const storage = getRxStorageMemory();
    const userId = 'migrating-user-v4';
    const { album_id: _, ...v3Properties } = localMessageSchema.properties as Record<string, unknown>;
    const v3 = {
      ...localMessageSchema,
      version: 3,
      properties: v3Properties,
      required: (localMessageSchema.required as string[]).filter((f) => f !== 'album_id'),
    } as unknown as RxJsonSchema<Record<string, unknown>>;
    const same = (doc: Record<string, unknown>) => doc;
    const old = await createRxDatabase({ name: databaseName(userId), storage: await withValidation(storage), multiInstance: false });
    await old.addCollections({ messages: { schema: v3, migrationStrategies: { 1: same, 2: same, 3: same } } });
    const { album_id: _a, ...stored } = localMessage('dm:alice:bob', 'bob', { id: 'old', content: 'before albums' });
    await old.collections.messages!.bulkInsert([stored]);
    await old.close();

    const db = await openDatabase({ userId, storage, multiInstance: false });
    expect((await db.messages.findOne('old').exec())?.toJSON()).toMatchObject({ content: 'before albums', album_id: null });
    await db.remove();
  });
});

describe('message schema v5 (one index)', SLOW, () => {
  it('migrates stored messages unchanged into a store with one IndexedDB index fewer per message', async () => {
    await ensurePlugins();
    const userId = 'migrating-user-v5';
    const v4 = { ...localMessageSchema, version: 4, indexes: [['room_id', 'server_seq'], ['room_id', 'created_at']] } as unknown as RxJsonSchema<Record<string, unknown>>;
    const same = (doc: Record<string, unknown>) => doc;
    const old = await createRxDatabase({ name: databaseName(userId), storage: await withValidation(getRxStorageDexie()), multiInstance: false });
    await old.addCollections({ messages: { schema: v4, migrationStrategies: { 1: same, 2: same, 3: same, 4: same } } });
    const stored = localMessage('dm:alice:bob', 'bob', { id: 'old', content: 'before v5' });
    await old.collections.messages!.bulkInsert([stored]);
    const before = await messageIndexNames(userId, 4);
    await old.close();

    const db = await openDatabase({ userId, multiInstance: false });
    expect((await db.messages.findOne('old').exec())?.toJSON()).toEqual(stored);
    const after = await messageIndexNames(userId, 5);
    expect(before.length - after.length).toBe(1);
    expect(after.filter((name) => name.includes('created_at'))).toEqual([]);
    await db.remove();
  });
});

/** The IndexedDB indexes of the messages of a user's database at one schema version (Dexie's naming). */
async function messageIndexNames(userId: string, version: number): Promise<string[]> {
  const request = indexedDB.open(`rxdb-dexie-${databaseName(userId)}--${version}--messages`);
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const indexes = Array.from(idb.transaction('docs', 'readonly').objectStore('docs').indexNames);
  idb.close();
  return indexes;
}
