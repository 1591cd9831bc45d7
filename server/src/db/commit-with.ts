import pg from 'pg';
import { FEED_WRITE_CHANGED } from './pg-migrations';

/** The savepoint before the statement `commitWith` commits with. */
const SAVEPOINT = pg.escapeIdentifier('feed_write');

/**
 * A value inlined into the text `commitWith` sends (it takes no parameters): text through
 * `pg.escapeLiteral` (quotes and backslashes escaped, `E'…'` when needed), numbers only when
 * they are safe integers, as positions and counts are. Nothing else goes in.
 */
export function literal(value: string | number): string {
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer to inline: ${value}`);
  return String(value);
}

/** What `commitWith` raises when the feed write found a watched document changed: the transaction is still open, back at the savepoint. */
export class FeedWriteChanged extends Error {
  readonly code = FEED_WRITE_CHANGED;
  constructor(cause: unknown) {
    super((cause as Error).message, { cause });
    this.name = 'FeedWriteChanged';
  }
}

/**
 * Ends the transaction open on `client` with `select` and its COMMIT in ONE round trip: one
 * simple query `SAVEPOINT feed_write; <select>; COMMIT` (docs/server.md, "The checkpoint
 * hazard"). `select` is one SELECT whose values are all `literal`s. Resolves to its first row
 * once the transaction has committed.
 *
 * When `select` fails, PostgreSQL skips the rest of the query, so nothing commits. If it failed
 * with `FEED_WRITE_CHANGED` (`feed_write_or_raise`'s check), the transaction is rolled back to
 * the savepoint (which also lets go of the counter lock the statement took) and
 * `FeedWriteChanged` is thrown: the caller may go on in the same transaction. Any other failure
 * (of the statement or of the COMMIT) is thrown as it is, and the transaction is over or aborted.
 */
export async function commitWith<T>(client: pg.ClientBase, select: string): Promise<T | undefined> {
  try {
    const results = (await client.query(`SAVEPOINT ${SAVEPOINT}; ${select}; COMMIT`)) as unknown as pg.QueryResult[];
    return results[1]?.rows[0] as T | undefined;
  } catch (err) {
    if ((err as { code?: string }).code !== FEED_WRITE_CHANGED) throw err;
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    throw new FeedWriteChanged(err);
  }
}
