import {
  createRxDatabase,
  removeRxDatabase,
  type MigrationStrategies,
  type RxCollection,
  type RxDatabase,
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { COLLECTIONS, SCHEMAS, type CollectionName, type DocTypes } from '../../shared/schemas';
import { localMessageSchema, type LocalMessageDoc } from './message-codec';
import { ensurePlugins, withValidation, type AnyRxStorage } from './plugins';

/** Documents as stored on this device: the shared types, except messages (see message-codec). */
export type LocalDocTypes = Omit<DocTypes, 'messages'> & { messages: LocalMessageDoc };
export type CleanchatCollections = { [C in CollectionName]: RxCollection<LocalDocTypes[C]> };
export type CleanchatDatabase = RxDatabase<CleanchatCollections>;

/**
 * Migration strategies per collection, keyed by the schema version they migrate *to*.
 * Bump a schema's version in src/shared/schemas and add `n: (oldDoc) => newDoc` here.
 */
export const MIGRATION_STRATEGIES: { [C in CollectionName]: MigrationStrategies } = {
  users: {},
  jobs: {},
  rooms: {
    // v1 adds support status and who may post; stored rooms predate both (server migration 8).
    1: (old: DocTypes['rooms']) => ({ ...old, status: old.room_type === 'support' ? 'open' : null, posting: 'all' }),
  },
  memberships: {
    // v1 adds the member's role; only groups made after it have owners.
    1: (old: DocTypes['memberships']) => ({ ...old, role: 'member' }),
  },
  messages: {
    // v1 adds the server's clock. Stored copies predate it: their created_at is the best guess
    // (the server's own migration uses the same); pending ones have not reached the server.
    1: (old: LocalMessageDoc) => ({ ...old, received_at: old.server_seq > 0 ? old.created_at : null }),
    // v2 adds attachments and locations (SPEC §8) and replies (SPEC §9); every stored message is
    // plain text without them.
    2: (old: LocalMessageDoc) => ({ ...old, attachment: null, location: null, reply_to_id: null }),
    // v3 adds the `system` kind: no stored message changes.
    3: (old: LocalMessageDoc) => old,
    // v4 adds albums (photos sent together); every stored message was sent on its own.
    4: (old: LocalMessageDoc) => ({ ...old, album_id: null }),
    // v5 drops the unused [room_id, created_at] index: the documents stay as they are.
    5: (old: LocalMessageDoc) => old,
  },
  reactions: {},
};

/**
 * Deleted documents (tombstones, e.g. a room the user lost access to) are purged from disk once
 * every replication is in sync, so data the user may no longer see does not linger.
 */
export const CLEANUP_POLICY = {
  minimumDeletedTime: 0,
  minimumCollectionAge: 10_000,
  runEach: 30_000,
  awaitReplicationsInSync: true,
  waitForLeadership: false,
};

/**
 * One database per user so two people on one machine never share data. RxDB names allow
 * `[a-z][a-zA-Z0-9_$-]*`; ids outside that set are hex-encoded under a different prefix.
 */
export function databaseName(userId: string): string {
  if (/^[a-z0-9-]+$/.test(userId)) return `cleanchat-u-${userId}`;
  const hex = Array.from(new TextEncoder().encode(userId), (b) => b.toString(16).padStart(2, '0')).join('');
  return `cleanchat-x-${hex}`;
}

export interface OpenDatabaseOptions {
  userId: string;
  /** Dexie (IndexedDB) by default; tests pass the memory storage. */
  storage?: AnyRxStorage;
  /** Browser tabs share IndexedDB and need each other's change events. Default true. */
  multiInstance?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<CleanchatDatabase> {
  await ensurePlugins();
  const storage = await withValidation(options.storage ?? getRxStorageDexie());
  const db = await createRxDatabase<CleanchatCollections>({
    name: databaseName(options.userId),
    storage,
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
    // Unread counts filter on sender, deleted and received_at besides the [room_id, server_seq] index.
    allowSlowCount: true,
    closeDuplicates: true,
    cleanupPolicy: CLEANUP_POLICY,
  });
  const m = MIGRATION_STRATEGIES;
  await db.addCollections({
    users: { schema: SCHEMAS.users, migrationStrategies: m.users },
    jobs: { schema: SCHEMAS.jobs, migrationStrategies: m.jobs },
    rooms: { schema: SCHEMAS.rooms, migrationStrategies: m.rooms },
    memberships: { schema: SCHEMAS.memberships, migrationStrategies: m.memberships },
    messages: { schema: localMessageSchema, migrationStrategies: m.messages },
    reactions: { schema: SCHEMAS.reactions, migrationStrategies: m.reactions },
  });
  return db;
}

/** Removes a user's database from disk, open or not. */
export async function removeDatabase(
  userId: string,
  db?: CleanchatDatabase | null,
  storage?: AnyRxStorage,
): Promise<void> {
  if (db && !db.closed) {
    await db.remove();
    return;
  }
  await removeRxDatabase(databaseName(userId), storage ?? getRxStorageDexie());
}

/** Removes deleted documents from disk now instead of waiting for the cleanup schedule. */
export async function purgeDeleted(db: CleanchatDatabase): Promise<void> {
  await Promise.all(COLLECTIONS.map((name) => db[name].cleanup(0)));
}
