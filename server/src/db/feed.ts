import type { CollectionName } from '../shared';
import type { DB } from './database';

export interface FeedRow {
  doc_id: string;
  seq: number;
  revoked: number;
}

/**
 * The per-user change feed: one row per (user, collection, document) the user may see or has
 * just lost, stamped with a global, strictly increasing sequence on every change. See docs/server.md.
 */
export function createFeedRepo(db: DB) {
  let seq = db.prepare<[], { n: number | null }>('SELECT MAX(seq) AS n FROM feed').get()?.n ?? 0;
  const upsert = db.prepare(
    `INSERT INTO feed (user_id, collection, doc_id, seq, revoked) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(user_id, collection, doc_id) DO UPDATE SET seq = excluded.seq, revoked = excluded.revoked`,
  );
  // Newest first: someone who just joined a long conversation sees its latest messages on the
  // first pull, and older history fills in behind them.
  const upsertRoomMessages = db.prepare(
    `INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
     SELECT @user, 'messages', id, @base + ROW_NUMBER() OVER (ORDER BY server_seq DESC), @revoked
     FROM messages WHERE room_id = @room AND true
     ON CONFLICT(user_id, collection, doc_id) DO UPDATE SET seq = excluded.seq, revoked = excluded.revoked`,
  );
  const countRoomMessages = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM messages WHERE room_id = ?');
  const pull = db.prepare<[string, string, number, number], FeedRow>(
    'SELECT doc_id, seq, revoked FROM feed WHERE user_id = ? AND collection = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const current = db.prepare<[string, string, string], FeedRow>(
    'SELECT doc_id, seq, revoked FROM feed WHERE user_id = ? AND collection = ? AND doc_id = ?',
  );
  const holders = db.prepare<[string, string], { user_id: string }>(
    'SELECT user_id FROM feed WHERE collection = ? AND doc_id = ? AND revoked = 0',
  );
  return {
    /** Users who hold the document live: what the audience rule is compared against. */
    liveHolders: (collection: CollectionName, docId: string) => new Set(holders.all(collection, docId).map((r) => r.user_id)),
    /** Stamps one document as changed (or revoked) for one user; returns its new sequence. */
    touch(userId: string, collection: CollectionName, docId: string, revoked: boolean): number {
      seq += 1;
      upsert.run(userId, collection, docId, seq, revoked ? 1 : 0);
      return seq;
    },
    /** Stamps every message of a room for one user in one statement; returns how many. */
    touchRoomMessages(userId: string, roomId: string, revoked: boolean): number {
      const n = countRoomMessages.get(roomId)?.n ?? 0;
      if (n === 0) return 0;
      upsertRoomMessages.run({ user: userId, room: roomId, base: seq, revoked: revoked ? 1 : 0 });
      seq += n;
      return n;
    },
    pull: (userId: string, collection: CollectionName, since: number, limit: number) =>
      pull.all(userId, collection, since, limit),
    /** The user's feed row for a document: present and not revoked means "may read". */
    entry: (userId: string, collection: CollectionName, docId: string) => current.get(userId, collection, docId),
  };
}
