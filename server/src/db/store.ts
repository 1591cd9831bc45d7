import { createAttachmentsRepo } from './attachments';
import { openDatabase } from './database';
import { createFeedRepo } from './feed';
import { createJobsRepo } from './jobs';
import { createMembershipsRepo } from './memberships';
import { createMessagesRepo } from './messages';
import { createReactionsRepo } from './reactions';
import { postgresSql } from './postgres';
import { createRecorder, type ChangeBatch, type ChangeRecorder } from './recorder';
import { createRoomsRepo } from './rooms';
import { sqliteSql, type Sql } from './sql';
import { createTokensRepo } from './tokens';
import { createUsersRepo } from './users';

export type { Change, ChangeBatch, ChangeRecorder } from './recorder';

export type Store = Awaited<ReturnType<typeof createStore>>;

/** Where the data lives: PostgreSQL when `databaseUrl` is a postgres:// URL, else SQLite in `dataDir`. */
export interface StoreOptions {
  dataDir: string;
  databaseUrl?: string;
}

/** True for the URLs that select PostgreSQL (DATABASE_URL). */
export const isPostgresUrl = (url: string | undefined): url is string =>
  !!url && /^postgres(ql)?:\/\//.test(url);

/** Opens (and migrates) the database behind the domain. */
export async function openSql(options: StoreOptions): Promise<Sql> {
  return isPostgresUrl(options.databaseUrl)
    ? postgresSql(options.databaseUrl)
    : sqliteSql(openDatabase(options.dataDir));
}

/** The storage behind the domain: repositories plus a change-recording transaction. */
export async function createStore(options: StoreOptions) {
  const sql = await openSql(options);
  const feed = await createFeedRepo(sql);
  const repos = {
    sql,
    users: createUsersRepo(sql),
    tokens: createTokensRepo(sql),
    jobs: createJobsRepo(sql),
    rooms: createRoomsRepo(sql),
    memberships: createMembershipsRepo(sql),
    messages: createMessagesRepo(sql),
    attachments: createAttachmentsRepo(sql),
    reactions: createReactionsRepo(sql),
    feed,
  };
  // SQLite has one writer (this process), so a counter in memory orders messages; PostgreSQL
  // instances share a sequence.
  let serverSeq = await repos.messages.maxSeq();
  const nextServerSeqs = async (n: number): Promise<number[]> => {
    if (sql.dialect === 'postgres') {
      const rows = await sql.all<{ n: number }>("SELECT nextval('message_seq') AS n FROM generate_series(1, CAST(? AS integer))", [n]);
      return rows.map((r) => r.n).sort((a, b) => a - b);
    }
    return Array.from({ length: n }, () => ++serverSeq);
  };

  return {
    ...repos,
    nextServerSeq: async (): Promise<number> => (await nextServerSeqs(1))[0] as number,
    /** `n` new message positions, ascending, in one statement. */
    nextServerSeqs,
    /**
     * Runs `fn` in one transaction and returns its result with the feed changes the audience rule
     * derives from what it recorded, written in the same transaction. Nothing is recorded when it
     * throws (the transaction rolls back). On PostgreSQL `fn` may run again after a conflict with
     * a concurrent writer, with a fresh recorder, so it must only touch the database.
     */
    write<T>(fn: (rec: ChangeRecorder) => Promise<T>): Promise<{ result: T; batch: ChangeBatch }> {
      return sql.transaction(async () => {
        const { recorder, flush } = createRecorder(repos);
        const result = await fn(recorder);
        // Nothing follows the flush, so on PostgreSQL it may commit with the feed write (docs/server.md, "The checkpoint hazard").
        return { result, batch: await flush({ commit: true }) };
      });
    },
    close: () => sql.close(),
  };
}
