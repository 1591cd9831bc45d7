import { COLLECTIONS, type CollectionName } from '../shared';
import { FeedWriteChanged, literal } from './commit-with';
import { inList, jsonRows, listParam, type Sql } from './sql';

/** One feed row to write: the document changed for the user, or was revoked from them. */
export interface Stamp {
  userId: string;
  collection: CollectionName;
  docId: string;
  revoked: boolean;
}

/** Rows per statement of `touchMany`: bounds one statement's parameter, not the number of statements of a push. */
const STAMP_CHUNK = 20_000;

export interface FeedRow {
  doc_id: string;
  seq: number;
  revoked: number;
}

const UPSERT =
  'ON CONFLICT(collection, doc_id, user_id) DO UPDATE SET seq = excluded.seq, revoked = excluded.revoked';

const STAMP_ROWS = { u: 'text', c: 'text', d: 'text', k: 'bigint', r: 'integer' } as const;

/** Feed rows whose positions `k` are already final. */
const TOUCH_REST = (sql: Sql) => `INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
  SELECT v.u, v.c, v.d, v.k, v.r FROM ${jsonRows(sql, STAMP_ROWS)} WHERE true ${UPSERT}`;

/** PostgreSQL, under the counter lock: takes @n positions and writes the first chunk of rows (`k` counted from the first position). */
const PG_TOUCH_FIRST = `WITH
  c AS (UPDATE feed_counter SET seq = seq + @n RETURNING seq - @n AS base),
  ins AS (INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
    SELECT v.u, v.c, v.d, c.base + v.k, v.r FROM json_to_recordset(CAST(@rows AS json)) AS v(u text, c text, d text, k bigint, r integer), c
    WHERE true ${UPSERT})
  SELECT base FROM c`;

/** PostgreSQL: the lock, the check and the first chunk in one statement (migration 13's `feed_write`). */
const PG_FEED_WRITE =
  'SELECT feed_write(CAST(@watch AS json), CAST(@position AS bigint), CAST(@n AS bigint), CAST(@rows AS json)) AS base';

/**
 * PostgreSQL, for `Sql.commitWith`: migration 16's `feed_write_or_raise` with its values inlined
 * (the one-round-trip query takes no parameters), all through `literal`.
 */
const pgFeedWriteOrRaise = (watch: string, position: number, n: number, rows: string) =>
  `SELECT feed_write_or_raise(CAST(${literal(watch)} AS json), CAST(${literal(position)} AS bigint), CAST(${literal(n)} AS bigint), CAST(${literal(rows)} AS json)) AS base`;

/** The outcome of a `touchMany` with `unless`. */
export type FeedWrite =
  /** Written at these positions; `committed`: the transaction has committed with them (`unless.commit`). */
  | { seqs: number[]; committed: boolean }
  /** A watched document changed: nothing written. `locked`: the transaction holds the counter lock (else the caller takes it). */
  | { seqs: null; locked: boolean };

/** What `touchManyUnless` checks: the watched documents have no feed row above `position`. */
interface Unless {
  position: number;
  watch: ReadonlyArray<{ collection: CollectionName; docId: string }>;
  /** Commit with the write in one round trip when possible (`Sql.commitWith`). */
  commit?: boolean;
}

/** A stream's place in one user's feed for one collection. */
export interface FeedPosition {
  userId: string;
  collection: CollectionName;
  since: number;
}

// The positions travel as one JSON parameter: one statement text whatever their number.
const PG_POSITIONS =
  'SELECT * FROM jsonb_to_recordset(CAST(? AS jsonb)) AS w(k integer, user_id text, collection text, since bigint)';
const SQLITE_POSITIONS = `SELECT json_extract(value, '$.k') AS k, json_extract(value, '$.user_id') AS user_id,
  json_extract(value, '$.collection') AS collection, json_extract(value, '$.since') AS since FROM json_each(?)`;

/**
 * The per-user change feed: one row per (user, collection, document) the user may see or has
 * just lost, stamped with a global, strictly increasing sequence on every change.
 *
 * Feed positions are handed out in commit order (docs/server.md, "The checkpoint hazard"): on
 * SQLite the single writer does that by itself; on PostgreSQL `lock` takes the row lock of the
 * one-row `feed_counter` table, which the transaction holds until it has committed, and every
 * position is taken from that counter.
 */
export async function createFeedRepo(sql: Sql) {
  const pg = sql.dialect === 'postgres';
  let seq = pg ? 0 : ((await sql.get<{ n: number | null }>('SELECT MAX(seq) AS n FROM feed'))?.n ?? 0);
  // Newest first: someone who just joined a long conversation sees its latest messages on the
  // first pull, and older history fills in behind them.
  // Gaining a room brings all of its messages; losing it revokes only those the user held. A
  // message written in the very transaction that removes them (the "removed Dave" notice) was
  // never theirs, so they get no tombstone of it either.
  // Reactions follow their messages' room: live ones for someone who gained it, every one revoked for someone who lost it.
  const history = {
    messages: {
      which: (user: string) => `d.room_id = @room AND (@revoked = 0 OR EXISTS (SELECT 1 FROM feed h
         WHERE h.user_id = ${user} AND h.collection = 'messages' AND h.doc_id = d.id))`,
      order: 'd.server_seq DESC',
    },
    reactions: { which: () => 'd.room_id = @room AND (@revoked = 1 OR d.removed = 0)', order: 'd.id' },
  } as const;
  // One step to the end of feed_page per collection; `GROUP BY collection` read every row the
  // user has (200,000 for a heavy user, on every stream open).
  const heads = `SELECT c.column1 AS collection,
       (SELECT MAX(f.seq) FROM feed f WHERE f.user_id = ? AND f.collection = c.column1) AS seq
     FROM (VALUES ${COLLECTIONS.map((name) => `('${name}')`).join(', ')}) AS c`;
  /** `touchMany` and `touchManyUnless`, documented there. */
  async function touch(stamps: readonly Stamp[], unless?: Unless): Promise<FeedWrite> {
    if (stamps.length === 0 && !unless) return { seqs: [], committed: false };
    const rowsOf = (from: number, offset: number) =>
      JSON.stringify(
        stamps.slice(from, from + STAMP_CHUNK).map((st, j) => ({
          u: st.userId, c: st.collection, d: st.docId, k: offset + from + j + 1, r: st.revoked ? 1 : 0,
        })),
      );
    let base: number;
    let from = 0;
    let committed = false;
    if (pg) {
      const first = { n: stamps.length, rows: rowsOf(0, 0) };
      const watch = unless && JSON.stringify(unless.watch.map((w) => ({ c: w.collection, d: w.docId })));
      let row: { base: number | null } | undefined;
      if (unless?.commit && stamps.length <= STAMP_CHUNK && sql.commitWith) {
        try {
          const done = await sql.commitWith<{ base: number }>(pgFeedWriteOrRaise(watch as string, unless.position, first.n, first.rows));
          if (done) [row, committed] = [done.row, true];
        } catch (err) {
          if (err instanceof FeedWriteChanged) return { seqs: null, locked: false };
          throw err;
        }
      }
      if (!committed) {
        row = unless
          ? await sql.get<{ base: number | null }>(PG_FEED_WRITE, { ...first, watch, position: unless.position })
          : await sql.get<{ base: number }>(PG_TOUCH_FIRST, first);
      }
      if (row === undefined || row.base === null) {
        if (unless) return { seqs: null, locked: true };
        throw new Error('feed write: the counter row is missing');
      }
      base = row.base;
      from = STAMP_CHUNK;
    } else {
      base = seq;
      seq += stamps.length;
    }
    for (; from < stamps.length; from += STAMP_CHUNK) await sql.run(TOUCH_REST(sql), [rowsOf(from, base)]);
    const seqs = stamps.map((_, i) => base + i + 1);
    return { seqs, committed };
  }
  const holdersBranches = COLLECTIONS.map(
    (c) => `SELECT f.collection, f.doc_id, f.user_id FROM feed f WHERE f.collection = '${c}' AND f.doc_id ${inList(sql)} AND f.revoked = 0`,
  ).join(' UNION ALL ');
  // The counter row is always there, so the position comes back even when nobody holds anything.
  const allHolders = pg
    ? `SELECT c.seq AS position, h.collection, h.doc_id, h.user_id FROM feed_counter c LEFT JOIN (${holdersBranches}) h ON true`
    : `SELECT 0 AS position, h.collection, h.doc_id, h.user_id FROM (${holdersBranches}) h`;
  return {
    /**
     * Serialises feed writers until this transaction commits; call before reading the state the
     * feed rows are derived from, so that state includes every earlier writer's commit. Returns
     * the newest position taken so far: this transaction's positions follow it without a gap.
     */
    lock: async (): Promise<number> =>
      pg ? Number((await sql.get<{ seq: number }>('SELECT seq FROM feed_counter FOR UPDATE'))?.seq ?? 0) : seq,
    /**
     * For each document, by collection, the users who hold it live: what the audience rule is
     * compared against. With them, in the same snapshot, the newest position committed
     * (`position`): a commit that changes any of these rows afterwards writes them above it
     * (`touchMany`'s `unless`). One statement for all of a flush's documents (docs/server.md,
     * "Batched writes"), one statement text for any mix of collections: a branch per collection,
     * an empty list for those not asked about.
     */
    async liveHoldersOfAll(
      requests: ReadonlyMap<CollectionName, readonly string[]>,
    ): Promise<{ held: Map<CollectionName, Map<string, Set<string>>>; position: number }> {
      const held = new Map<CollectionName, Map<string, Set<string>>>();
      for (const [c, ids] of requests) held.set(c, new Map(ids.map((id) => [id, new Set()])));
      const rows = await sql.all<{ collection: CollectionName | null; doc_id: string; user_id: string; position: number }>(
        allHolders,
        COLLECTIONS.map((c) => listParam(sql, requests.get(c) ?? [])),
      );
      for (const r of rows) if (r.collection !== null) held.get(r.collection)?.get(r.doc_id)?.add(r.user_id);
      return { held, position: pg ? Number(rows[0]?.position ?? 0) : seq };
    },
    /**
     * Writes the stamps (no (user, collection, document) twice) with new positions in their order,
     * in one statement per STAMP_CHUNK rows; on PostgreSQL the first also takes the positions.
     * Returns each stamp's position. Only after `lock`, unless `unless` is given:
     *
     * With `unless`, the first statement also takes the lock, then checks that no feed row of the
     * watched documents was written above `position` (by a commit after the reads the stamps were
     * derived from), and writes nothing and returns null if one was: the caller, now holding the
     * lock, derives its stamps again (docs/server.md, "The checkpoint hazard").
     *
     * With `unless.commit` on PostgreSQL, when the rows fit one statement and the transaction may
     * be committed here (`Sql.commitWith`), that statement (`feed_write_or_raise`) and the COMMIT
     * go as one round trip: the lock is held for that round trip alone. When the check fails the
     * transaction is rolled back to before the statement, lock included, and goes on.
     */
    touchMany: async (stamps: readonly Stamp[]): Promise<number[]> => (await touch(stamps)).seqs as number[],
    /** `touchMany` with `unless` (above). */
    touchManyUnless: (stamps: readonly Stamp[], unless: Unless): Promise<FeedWrite> => touch(stamps, unless),

    /**
     * Stamps a room's whole history (its messages, then their reactions) for each of the users,
     * who all gained the room or all lost it: two statements on PostgreSQL, four on SQLite, however
     * many users and messages. Returns the users who got any row.
     */
    async touchRoomHistory(userIds: readonly string[], roomId: string, revoked: boolean): Promise<Set<string>> {
      const touched = new Set<string>();
      if (userIds.length === 0) return touched;
      for (const collection of ['messages', 'reactions'] as const) {
        const { which, order } = history[collection];
        const params = { users: listParam(sql, userIds), room: roomId, revoked: revoked ? 1 : 0 };
        if (pg) {
          // One statement, so the count and the rows come from one snapshot.
          const rows = await sql.all<{ user_id: string }>(
            `WITH u AS (SELECT t.user_id, t.ord FROM unnest(CAST(@users AS text[])) WITH ORDINALITY AS t(user_id, ord)),
               r AS (SELECT u.user_id, d.id, ROW_NUMBER() OVER (ORDER BY u.ord, ${order}) AS n
                     FROM u JOIN ${collection} d ON ${which('u.user_id')}),
               c AS (UPDATE feed_counter SET seq = seq + (SELECT COUNT(*) FROM r) RETURNING seq - (SELECT COUNT(*) FROM r) AS base),
               ins AS (INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
                       SELECT r.user_id, '${collection}', r.id, c.base + r.n, @revoked FROM r, c ${UPSERT} RETURNING user_id)
             SELECT DISTINCT user_id FROM ins`,
            params,
          );
          for (const r of rows) touched.add(r.user_id);
          continue;
        }
        const from = `json_each(@users) u JOIN ${collection} d ON ${which('u.value')}`;
        const counts = await sql.all<{ user_id: string; n: number }>(`SELECT u.value AS user_id, COUNT(*) AS n FROM ${from} GROUP BY u.value`, params);
        const n = counts.reduce((sum, c) => sum + c.n, 0);
        if (n === 0) continue;
        await sql.run(
          `INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
           SELECT u.value, '${collection}', d.id, @base + ROW_NUMBER() OVER (ORDER BY u.key, ${order}), @revoked FROM ${from}
           WHERE true ${UPSERT}`,
          { ...params, base: seq },
        );
        seq += n;
        for (const c of counts) touched.add(c.user_id);
      }
      return touched;
    },
    pull: (userId: string, collection: CollectionName, since: number, limit: number) =>
      sql.all<FeedRow>(
        'SELECT doc_id, seq, revoked FROM feed WHERE user_id = ? AND collection = ? AND seq > ? ORDER BY seq LIMIT ?',
        [userId, collection, since, limit],
      ),
    /**
     * For many stream positions at once, each one's feed after it (at most `limit` rows per
     * position, in feed order): what the hub delivers for a commit, in one read however many
     * streams are open. `k` says which position a row answers.
     */
    after: (positions: ReadonlyArray<FeedPosition>, limit: number) =>
      positions.length === 0
        ? Promise.resolve([])
        : sql.all<FeedRow & { k: number }>(
            `WITH w AS (${pg ? PG_POSITIONS : SQLITE_POSITIONS})
             SELECT k, doc_id, seq, revoked FROM (
               SELECT w.k, f.doc_id, f.seq, f.revoked, ROW_NUMBER() OVER (PARTITION BY w.k ORDER BY f.seq) AS n
               FROM w JOIN feed f ON f.user_id = w.user_id AND f.collection = w.collection AND f.seq > w.since
             ) t WHERE n <= ? ORDER BY k, seq`,
            [JSON.stringify(positions.map((p, k) => ({ k, user_id: p.userId, collection: p.collection, since: p.since }))), limit],
          ),
    /**
     * The newest position taken by a committed transaction (SQLite: by any, committed or not, so
     * never lower). Equal to a batch's last position when nothing committed after it.
     */
    position: async (): Promise<number> =>
      pg ? Number((await sql.get<{ seq: number }>('SELECT seq FROM feed_counter'))?.seq ?? 0) : seq,
    /** The user's newest feed position per collection: where a stream opened now starts. */
    heads: async (userId: string) =>
      (await sql.all<{ collection: CollectionName; seq: number | null }>(heads, [userId])).filter(
        (h): h is { collection: CollectionName; seq: number } => h.seq !== null,
      ),
    /** The user's feed row for a document: present and not revoked means "may read". */
    entry: (userId: string, collection: CollectionName, docId: string) =>
      sql.get<FeedRow>(
        'SELECT doc_id, seq, revoked FROM feed WHERE user_id = ? AND collection = ? AND doc_id = ?',
        [userId, collection, docId],
      ),
  };
}
