import type { Response } from 'express';
import type { Logger } from 'pino';
import type { ChangeBatch } from '../db/store';
import { RESYNC, type CollectionName, type PresenceEvent, type StreamChangeEvent, type WireDoc } from '../shared';

/** Above this many documents for one user in one batch, the stream sends RESYNC instead. */
const MAX_DOCS_PER_EVENT = 500;
/** A client that stops reading is cut off rather than buffered without bound; it reconnects and resyncs. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface StreamDeps {
  /** Wire documents for a user, built by the same code as the pull. */
  loadDocs(userId: string, collection: CollectionName, docIds: string[]): Promise<WireDoc<CollectionName>[]>;
  /** Everyone sharing a room with the user: the audience of their presence. */
  coMembers(userId: string): Promise<string[]>;
  log: Logger;
}

interface Connection {
  userId: string;
  /** The session (refresh-token family) whose access token opened the stream. */
  sessionId: string;
  res: Response;
}

/** Server-Sent Events connections per user: document changes, RESYNC, typing, presence, heartbeats. */
export function createHub(deps: StreamDeps, heartbeatMs: number) {
  const byUser = new Map<string, Set<Connection>>();
  let closed = false;
  // Events leave in the order they were published: a stream must never carry a later checkpoint
  // before an earlier one, nor "offline" before the "online" it follows, although building each
  // event reads the database.
  let queue = Promise.resolve();
  const serial = (task: () => Promise<void>) => {
    queue = queue.then(task).catch((err: unknown) => deps.log.error({ err }, 'stream delivery failed'));
  };

  function write(conn: Connection, chunk: string): void {
    if (conn.res.writableLength > MAX_BUFFERED_BYTES) {
      conn.res.end();
      return;
    }
    conn.res.write(chunk);
  }

  function sendToUser(userId: string, chunk: string): void {
    for (const conn of byUser.get(userId) ?? []) write(conn, chunk);
  }

  function event(name: string | null, data: unknown): string {
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    return `${name ? `event: ${name}\n` : ''}data: ${payload}\n\n`;
  }

  function presence(userId: string, online: boolean): void {
    const data: PresenceEvent = { user_id: userId, online };
    const chunk = event('presence', data);
    serial(async () => {
      for (const other of await deps.coMembers(userId)) sendToUser(other, chunk);
    });
  }

  const heartbeat = setInterval(() => {
    for (const conns of byUser.values()) for (const conn of conns) write(conn, ': keep-alive\n\n');
  }, heartbeatMs);
  heartbeat.unref();

  return {
    isOnline: (userId: string) => (byUser.get(userId)?.size ?? 0) > 0,

    /** Streams the user holds open now (the stream route caps it per user). */
    openCount: (userId: string) => byUser.get(userId)?.size ?? 0,

    /** Registers an open stream; returns the function that unregisters it. */
    open(userId: string, sessionId: string, res: Response): () => void {
      const conn: Connection = { userId, sessionId, res };
      let conns = byUser.get(userId);
      const firstConnection = !conns || conns.size === 0;
      if (!conns) byUser.set(userId, (conns = new Set()));
      conns.add(conn);
      serial(async () => {
        for (const other of await deps.coMembers(userId)) {
          if (byUser.get(other)?.size) write(conn, event('presence', { user_id: other, online: true } satisfies PresenceEvent));
        }
      });
      if (firstConnection) presence(userId, true);
      return () => {
        if (closed) return;
        conns.delete(conn);
        if (conns.size === 0) {
          byUser.delete(userId);
          presence(userId, false);
        }
      };
    },

    /** Ends every stream of a session that ended: a logged-out session stops listening at once. */
    endSession(sessionId: string): void {
      for (const conns of byUser.values()) for (const conn of conns) if (conn.sessionId === sessionId) conn.res.end();
    },

    typing(userIds: string[], data: unknown): void {
      const chunk = event('typing', data);
      for (const userId of userIds) sendToUser(userId, chunk);
    },

    /** Sends each connected user the documents a committed batch changed for them. */
    deliver(batch: ChangeBatch): void {
      serial(() => deliverNow(batch));
    },

    close(): void {
      closed = true;
      clearInterval(heartbeat);
      for (const conns of byUser.values()) for (const conn of conns) conn.res.end();
      byUser.clear();
    },
  };

  async function deliverNow(batch: ChangeBatch): Promise<void> {
    const perUser = new Map<string, Map<CollectionName, { ids: string[]; seq: number }>>();
    for (const change of batch.changes) {
      if (!byUser.has(change.userId) || batch.resyncUsers.has(change.userId)) continue;
      let cols = perUser.get(change.userId);
      if (!cols) perUser.set(change.userId, (cols = new Map()));
      const entry = cols.get(change.collection) ?? { ids: [], seq: 0 };
      entry.ids.push(change.docId);
      entry.seq = Math.max(entry.seq, change.seq);
      cols.set(change.collection, entry);
    }
    for (const userId of batch.resyncUsers) if (byUser.has(userId)) sendToUser(userId, event(null, RESYNC));
    for (const [userId, cols] of perUser) {
      const total = [...cols.values()].reduce((n, c) => n + c.ids.length, 0);
      if (total > MAX_DOCS_PER_EVENT) {
        sendToUser(userId, event(null, RESYNC));
        continue;
      }
      for (const [collection, { ids, seq }] of cols) {
        const data: StreamChangeEvent = {
          collection,
          documents: await deps.loadDocs(userId, collection, [...new Set(ids)]),
          checkpoint: { seq },
        };
        sendToUser(userId, event(null, data));
      }
    }
  }
}

export type Hub = ReturnType<typeof createHub>;
