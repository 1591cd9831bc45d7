import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { createCheckpointer } from './checkpointer';

/** The two databases the server runs on (docs/server.md, "Storage"). */
export type Dialect = 'sqlite' | 'postgres';

/** `?` placeholders take an array, `@name` placeholders an object; both work on both dialects. */
export type Params = unknown[] | Record<string, unknown>;

/**
 * The one seam between the repositories and a database driver: a few asynchronous calls on SQL
 * text, and a transaction that every call made inside `fn` (in the same async context) joins.
 */
export interface Sql {
  readonly dialect: Dialect;
  all<T>(text: string, params?: Params): Promise<T[]>;
  get<T>(text: string, params?: Params): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(text: string, params?: Params): Promise<number>;
  /**
   * Runs `fn` in one transaction; nested calls join the outer one. On PostgreSQL `fn` may run
   * more than once (a serialisation failure, deadlock or unique violation is retried), so it must
   * only touch the database.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: commits the transaction this call runs in, together with `select` (one
   * SELECT, its values inlined with `literal`), in one round trip (`db/commit-with.ts`), and
   * answers its first row; nothing may be sent in the transaction after it. Answers null without
   * sending anything where that is not allowed: outside a transaction, or in a nested one (the
   * outer caller owns the commit). Throws `FeedWriteChanged` with the transaction still open.
   */
  commitWith?<T>(select: string): Promise<{ row: T | undefined } | null>;
  close(): Promise<void>;
}

/**
 * `text` (a SELECT) that also locks the rows it reads until the transaction ends, so a
 * read-then-write cannot write back a stale copy of a field another instance changed meanwhile.
 * PostgreSQL needs `FOR UPDATE`; a SQLite transaction here is exclusive already (`BEGIN IMMEDIATE`
 * on one connection), so the text stays as it is.
 */
export const forUpdate = (sql: Sql, text: string): string => (sql.dialect === 'postgres' ? `${text} FOR UPDATE` : text);

/** After a commit, the WAL is copied into the database file within this long (one checkpoint for all commits meanwhile). */
export const CHECKPOINT_AFTER_MS = 200;

/**
 * better-sqlite3 behind the async seam. One connection, so a transaction is exclusive: calls from
 * outside it wait until it ends, or they would read its uncommitted rows or, worse, write into it.
 * Statements are prepared once per text. The WAL is checkpointed after the commit has been
 * answered and fanned out, not inside COMMIT, by a worker thread on its own connection
 * (`checkpointer.ts`; docs/server.md, "Batched writes"; openDatabase sets the automatic
 * checkpoint far out, as a backstop). `checkpointsDone` resolves once none is running or asked for.
 */
export function sqliteSql(db: Database.Database): Sql & { checkpointsDone(): Promise<void> } {
  const statements = new Map<string, Database.Statement>();
  const inTx = new AsyncLocalStorage<true>();
  let current: Promise<void> | null = null;
  let checkpoint: NodeJS.Timeout | undefined;
  // On a worker thread with its own connection, not on the event loop (docs/server.md).
  const checkpointer = db.memory
    ? undefined
    : createCheckpointer(db.name, () => {
        try {
          // exec, not a prepared statement: it belongs to no request, nor to a request's count of statements.
          if (db.open) db.exec('PRAGMA wal_checkpoint(PASSIVE)');
        } catch {
          // Disk full or the like: the WAL keeps the commits, and the next checkpoint tries again.
        }
      });
  const checkpointSoon = () => {
    if (!checkpointer) return;
    checkpoint ??= setTimeout(() => {
      checkpoint = undefined;
      checkpointer.request();
    }, CHECKPOINT_AFTER_MS).unref();
  };

  const prepare = (text: string) => {
    let stmt = statements.get(text);
    if (!stmt) {
      stmt = db.prepare(text);
      statements.set(text, stmt);
    }
    return stmt;
  };
  const bind = (params?: Params): unknown[] =>
    params === undefined ? [] : Array.isArray(params) ? params : [params];
  // The check and the statement run in one synchronous step after the last await, so no
  // transaction can begin in between.
  const settled = async () => {
    while (current) await current;
  };
  const outside =
    <A extends unknown[], R>(call: (...args: A) => R) =>
    async (...args: A): Promise<R> => {
      while (current && !inTx.getStore()) await current;
      return call(...args);
    };

  return {
    dialect: 'sqlite',
    all: outside(
      <T>(text: string, params?: Params) => prepare(text).all(...bind(params)) as T[],
    ) as Sql['all'],
    get: outside(
      <T>(text: string, params?: Params) => prepare(text).get(...bind(params)) as T | undefined,
    ) as Sql['get'],
    run: outside((text: string, params?: Params) => prepare(text).run(...bind(params)).changes),
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (inTx.getStore()) return fn();
      while (current) await current;
      let release = () => {};
      current = new Promise<void>((ok) => (release = ok));
      try {
        db.exec('BEGIN IMMEDIATE');
        const result = await inTx.run(true, fn);
        db.exec('COMMIT');
        checkpointSoon();
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      } finally {
        current = null;
        release();
      }
    },
    checkpointsDone: async () => {
      await checkpointer?.idle();
    },
    async close() {
      await settled();
      clearTimeout(checkpoint);
      await checkpointer?.close(); // first, so that the main connection is the last
      await settled();
      db.close(); // the last connection's close checkpoints the WAL
    },
  };
}

/**
 * `column IN <list>` for a list bound as ONE parameter (`listParam`): one statement text however
 * long the list, so a batch costs one statement and the statement caches stay small.
 */
export const inList = (sql: Sql, placeholder = '?'): string =>
  sql.dialect === 'postgres' ? `= ANY(CAST(${placeholder} AS text[]))` : `IN (SELECT value FROM json_each(${placeholder}))`;

/** The parameter `inList` reads: an array for node-postgres, JSON text for SQLite's json_each. */
export const listParam = (sql: Sql, values: readonly string[]): unknown =>
  sql.dialect === 'postgres' ? values : JSON.stringify(values);

/** A column type of `jsonRows`. */
export type JsonColumnType = 'text' | 'integer' | 'bigint';

/**
 * A FROM item `alias(columns…)` over the objects of a JSON array bound as one parameter (JSON
 * text of `rows`): the multi-row VALUES of a batched INSERT or UPDATE, one statement text for any
 * number of rows on either dialect.
 */
export function jsonRows(sql: Sql, columns: Record<string, JsonColumnType>, alias = 'v', placeholder = '?'): string {
  const names = Object.keys(columns);
  if (sql.dialect === 'postgres') {
    return `json_to_recordset(CAST(${placeholder} AS json)) AS ${alias}(${names.map((n) => `${n} ${columns[n]}`).join(', ')})`;
  }
  return `(SELECT ${names.map((n) => `json_extract(value, '$.${n}') AS ${n}`).join(', ')} FROM json_each(${placeholder})) AS ${alias}`;
}

/** How a column becomes a JSON value in `jsonObject`: as it is, 0/1 as false/true, or stored JSON text as that JSON. */
export type JsonFieldKind = 'value' | 'boolean' | 'json';

/**
 * An expression giving one row's object as compact JSON text, its keys in the order of `fields`
 * (`name` → `[column expression, kind]`): what `JSON.stringify` writes for the object a
 * repository would build from the row, so a read that only sends documents need not materialise
 * and re-encode them (docs/server.md, "Reads at scale"). Strings are escaped as `JSON.stringify`
 * escapes them on both databases, and stored JSON is copied as its text (PostgreSQL's `json`,
 * never `jsonb`, which would rewrite numbers). PostgreSQL's `row_to_json` is compact where
 * `json_build_object` puts spaces around every colon.
 */
export function jsonObject(sql: Sql, fields: Record<string, readonly [string, JsonFieldKind]>): string {
  const entries = Object.entries(fields);
  if (sql.dialect === 'postgres') {
    const pg = ([expr, kind]: readonly [string, JsonFieldKind]) =>
      kind === 'boolean' ? `(${expr} = 1)` : kind === 'json' ? `CAST(${expr} AS json)` : expr;
    return `(SELECT row_to_json(o)::text FROM (SELECT ${entries.map(([name, f]) => `${pg(f)} AS "${name}"`).join(', ')}) o)`;
  }
  const lite = ([expr, kind]: readonly [string, JsonFieldKind]) =>
    kind === 'boolean' ? `CASE WHEN ${expr} = 1 THEN json('true') ELSE json('false') END` : kind === 'json' ? `json(${expr})` : expr;
  return `json_object(${entries.map(([name, f]) => `'${name}', ${lite(f)}`).join(', ')})`;
}

/**
 * An expression giving, as compact JSON text, the array of `value` over the rows of `from` in the
 * order of `orderBy` (`[]` for none): for `jsonObject` fields (kind `json`) such as a room's
 * participants. `value` is a plain column (kind `value`) or JSON text (kind `json`, e.g. a
 * `jsonObject`). Text is ordered by code point on both (PostgreSQL's "C" collation), as
 * JavaScript's `sort()` orders the ASCII ids this serves.
 */
export function jsonArray(sql: Sql, value: string, kind: 'value' | 'json', from: string, orderBy: string): string {
  if (sql.dialect === 'postgres') {
    const v = kind === 'json' ? `CAST(${value} AS json)` : value;
    return `(SELECT COALESCE(array_to_json(array_agg(${v} ORDER BY ${orderBy} COLLATE "C")), '[]')::text FROM ${from})`;
  }
  return `(SELECT json_group_array(${kind === 'json' ? `json(${value})` : value} ORDER BY ${orderBy}) FROM ${from})`;
}
