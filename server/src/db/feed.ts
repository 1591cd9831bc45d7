import type { CollectionName } from '../shared';
import type { Sql } from './sql';

export interface FeedRow {
  doc_id: string;
  seq: number;
  revoked: number;
}

const UPSERT =
  'ON CONFLICT(user_id, collection, doc_id) DO UPDATE SET seq = excluded.seq, revoked = excluded.revoked';

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
  const roomMessagesWhere = `room_id = @room AND (@revoked = 0 OR EXISTS (SELECT 1 FROM feed h
       WHERE h.user_id = @user AND h.collection = 'messages' AND h.doc_id = messages.id))`;
  const roomMessages = `INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
     SELECT @user, 'messages', id, @base + ROW_NUMBER() OVER (ORDER BY server_seq DESC), @revoked
     FROM messages WHERE ${roomMessagesWhere} AND true ${UPSERT}`;
  return {
    /**
     * Serialises feed writers until this transaction commits; call before reading the state the
     * feed rows are derived from, so that state includes every earlier writer's commit.
     */
    lock: async () => void (pg && (await sql.get('SELECT seq FROM feed_counter FOR UPDATE'))),
    /** Users who hold the document live: what the audience rule is compared against. */
    liveHolders: async (collection: CollectionName, docId: string) =>
      new Set(
        (
          await sql.all<{ user_id: string }>(
            'SELECT user_id FROM feed WHERE collection = ? AND doc_id = ? AND revoked = 0',
            [collection, docId],
          )
        ).map((r) => r.user_id),
      ),
    /** Stamps one document as changed (or revoked) for one user; returns its new sequence. */
    async touch(
      userId: string,
      collection: CollectionName,
      docId: string,
      revoked: boolean,
    ): Promise<number> {
      const row = { user: userId, collection, doc: docId, revoked: revoked ? 1 : 0 };
      if (pg) {
        const stamped = await sql.get<{ seq: number }>(
          `WITH c AS (UPDATE feed_counter SET seq = seq + 1 RETURNING seq)
           INSERT INTO feed (user_id, collection, doc_id, seq, revoked) SELECT @user, @collection, @doc, c.seq, @revoked FROM c
           ${UPSERT} RETURNING seq`,
          row,
        );
        return stamped!.seq;
      }
      seq += 1;
      await sql.run(
        `INSERT INTO feed (user_id, collection, doc_id, seq, revoked) VALUES (@user, @collection, @doc, @seq, @revoked) ${UPSERT}`,
        {
          ...row,
          seq,
        },
      );
      return seq;
    },
    /** Stamps every message of a room for one user in one statement; returns how many. */
    async touchRoomMessages(userId: string, roomId: string, revoked: boolean): Promise<number> {
      const params = { user: userId, room: roomId, revoked: revoked ? 1 : 0 };
      if (pg) {
        // One statement, so the count and the rows come from one snapshot.
        return sql.run(
          `WITH m AS (SELECT id, ROW_NUMBER() OVER (ORDER BY server_seq DESC) AS n FROM messages WHERE ${roomMessagesWhere}),
             c AS (UPDATE feed_counter SET seq = seq + (SELECT COUNT(*) FROM m) RETURNING seq - (SELECT COUNT(*) FROM m) AS base)
           INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
           SELECT @user, 'messages', m.id, c.base + m.n, @revoked FROM m, c ${UPSERT}`,
          params,
        );
      }
      const n = (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE ${roomMessagesWhere}`, params))?.n ?? 0;
      if (n === 0) return 0;
      await sql.run(roomMessages, { ...params, base: seq });
      seq += n;
      return n;
    },
    /**
     * Stamps the reactions of a room for one user, as the messages above: live ones for someone who
     * gained the room, every one revoked for someone who lost it. Returns how many.
     */
    async touchRoomReactions(userId: string, roomId: string, revoked: boolean): Promise<number> {
      const params = { user: userId, room: roomId, revoked: revoked ? 1 : 0 };
      const which = `room_id = @room AND (@revoked = 1 OR removed = 0)`;
      if (pg) {
        return sql.run(
          `WITH r AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM reactions WHERE ${which}),
             c AS (UPDATE feed_counter SET seq = seq + (SELECT COUNT(*) FROM r) RETURNING seq - (SELECT COUNT(*) FROM r) AS base)
           INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
           SELECT @user, 'reactions', r.id, c.base + r.n, @revoked FROM r, c ${UPSERT}`,
          params,
        );
      }
      const n = (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM reactions WHERE ${which}`, params))?.n ?? 0;
      if (n === 0) return 0;
      await sql.run(
        `INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
         SELECT @user, 'reactions', id, @base + ROW_NUMBER() OVER (ORDER BY id), @revoked
         FROM reactions WHERE ${which} AND true ${UPSERT}`,
        { ...params, base: seq },
      );
      seq += n;
      return n;
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
    /** The user's newest feed position per collection: where a stream opened now starts. */
    heads: (userId: string) =>
      sql.all<{ collection: CollectionName; seq: number }>(
        'SELECT collection, MAX(seq) AS seq FROM feed WHERE user_id = ? GROUP BY collection',
        [userId],
      ),
    /** The user's feed row for a document: present and not revoked means "may read". */
    entry: (userId: string, collection: CollectionName, docId: string) =>
      sql.get<FeedRow>(
        'SELECT doc_id, seq, revoked FROM feed WHERE user_id = ? AND collection = ? AND doc_id = ?',
        [userId, collection, docId],
      ),
  };
}
