import { COLLECTIONS, type CollectionName } from '../shared';
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
  'ON CONFLICT(user_id, collection, doc_id) DO UPDATE SET seq = excluded.seq, revoked = excluded.revoked';

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
  return {
    /**
     * Serialises feed writers until this transaction commits; call before reading the state the
     * feed rows are derived from, so that state includes every earlier writer's commit.
     */
    lock: async () => void (pg && (await sql.get('SELECT seq FROM feed_counter FOR UPDATE'))),
    /** For each document, the users who hold it live: what the audience rule is compared against. One statement. */
    async liveHoldersOf(collection: CollectionName, docIds: readonly string[]): Promise<Map<string, Set<string>>> {
      const held = new Map<string, Set<string>>(docIds.map((id) => [id, new Set()]));
      if (docIds.length === 0) return held;
      const rows = await sql.all<{ doc_id: string; user_id: string }>(
        `SELECT doc_id, user_id FROM feed WHERE collection = ? AND doc_id ${inList(sql)} AND revoked = 0`,
        [collection, listParam(sql, docIds)],
      );
      for (const r of rows) held.get(r.doc_id)?.add(r.user_id);
      return held;
    },
    /**
     * Writes the stamps (no (user, collection, document) twice) with new positions in their order,
     * in one statement per STAMP_CHUNK rows (plus one to take the positions on PostgreSQL).
     * Returns each stamp's position. Only after `lock`.
     */
    async touchMany(stamps: readonly Stamp[]): Promise<number[]> {
      if (stamps.length === 0) return [];
      let base: number;
      if (pg) {
        const end = (await sql.get<{ seq: number }>('UPDATE feed_counter SET seq = seq + ? RETURNING seq', [stamps.length]))!.seq;
        base = end - stamps.length;
      } else {
        base = seq;
        seq += stamps.length;
      }
      const text = `INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
         SELECT v.u, v.c, v.d, v.s, v.r FROM ${jsonRows(sql, { u: 'text', c: 'text', d: 'text', s: 'bigint', r: 'integer' })}
         WHERE true ${UPSERT}`;
      for (let i = 0; i < stamps.length; i += STAMP_CHUNK) {
        const rows = stamps.slice(i, i + STAMP_CHUNK).map((st, j) => ({
          u: st.userId, c: st.collection, d: st.docId, s: base + i + j + 1, r: st.revoked ? 1 : 0,
        }));
        await sql.run(text, [JSON.stringify(rows)]);
      }
      return stamps.map((_, i) => base + i + 1);
    },
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
