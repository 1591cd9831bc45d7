import type { CollectionName } from '../shared';
import { openDatabase, type DB } from './database';
import { createFeedRepo } from './feed';
import { createJobsRepo } from './jobs';
import { createMembershipsRepo } from './memberships';
import { createMessagesRepo } from './messages';
import { createRoomsRepo } from './rooms';
import { createTokensRepo } from './tokens';
import { createUsersRepo } from './users';

/** One document changed (or was revoked) for one user, at feed position `seq`. */
export interface Change {
  userId: string;
  collection: CollectionName;
  docId: string;
  seq: number;
}

/** What a committed transaction changed: the stream fans this out. */
export interface ChangeBatch {
  changes: Change[];
  /** Users who received a bulk backfill or purge: they get RESYNC rather than every document. */
  resyncUsers: Set<string>;
}

/** Records, inside a transaction, which users must learn about which documents. */
export interface ChangeRecorder {
  /** The document changed for these users (or, with `revoked`, left their view). */
  touch(collection: CollectionName, docId: string, userIds: Iterable<string>, revoked?: boolean): void;
  /** Every message of the room enters (or leaves) the user's view. */
  touchRoomMessages(userId: string, roomId: string, revoked: boolean): void;
}

export type Store = ReturnType<typeof createStore>;

/** The SQLite storage behind the domain: repositories plus a change-recording transaction. */
export function createStore(dataDir: string) {
  const db: DB = openDatabase(dataDir);
  const feed = createFeedRepo(db);
  const repos = {
    db,
    users: createUsersRepo(db),
    tokens: createTokensRepo(db),
    jobs: createJobsRepo(db),
    rooms: createRoomsRepo(db),
    memberships: createMembershipsRepo(db),
    messages: createMessagesRepo(db),
    feed,
  };
  let serverSeq = repos.messages.maxSeq();

  return {
    ...repos,
    nextServerSeq: () => ++serverSeq,
    /**
     * Runs `fn` in one transaction and returns its result with the changes it recorded.
     * Nothing is recorded when it throws (the transaction rolls back).
     */
    write<T>(fn: (rec: ChangeRecorder) => T): { result: T; batch: ChangeBatch } {
      const batch: ChangeBatch = { changes: [], resyncUsers: new Set() };
      const rec: ChangeRecorder = {
        touch(collection, docId, userIds, revoked = false) {
          for (const userId of new Set(userIds)) {
            batch.changes.push({ userId, collection, docId, seq: feed.touch(userId, collection, docId, revoked) });
          }
        },
        touchRoomMessages(userId, roomId, revoked) {
          if (feed.touchRoomMessages(userId, roomId, revoked) > 0) batch.resyncUsers.add(userId);
        },
      };
      const result = db.transaction(() => fn(rec))();
      return { result, batch };
    },
    close: () => db.close(),
  };
}
