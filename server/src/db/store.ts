import { openDatabase, type DB } from './database';
import { createFeedRepo } from './feed';
import { createJobsRepo } from './jobs';
import { createMembershipsRepo } from './memberships';
import { createMessagesRepo } from './messages';
import { createRecorder, type ChangeBatch, type ChangeRecorder } from './recorder';
import { createRoomsRepo } from './rooms';
import { createTokensRepo } from './tokens';
import { createUsersRepo } from './users';

export type { Change, ChangeBatch, ChangeRecorder } from './recorder';

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
     * Runs `fn` in one transaction and returns its result with the feed changes the audience rule
     * derives from what it recorded, written in the same transaction. Nothing is recorded when it
     * throws (the transaction rolls back).
     */
    write<T>(fn: (rec: ChangeRecorder) => T): { result: T; batch: ChangeBatch } {
      return db.transaction(() => {
        const { recorder, flush } = createRecorder(repos);
        const result = fn(recorder);
        return { result, batch: flush() };
      })();
    },
    close: () => db.close(),
  };
}
