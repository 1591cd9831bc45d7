import { describe, expect, it } from 'vitest';
import { at, localMessage, room } from '../test/fakes';
import { CLEANUP_POLICY, databaseName, openDatabase, purgeDeleted, removeDatabase } from './database';
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
