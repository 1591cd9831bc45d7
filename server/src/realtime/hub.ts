import type { Response } from 'express';
import type { Logger } from 'pino';
import type { FeedRow } from '../db/feed';
import type { ChangeBatch } from '../db/store';
import {
  createFollowOn,
  readersOf,
  readPages,
  rowsOfBatch,
  type StreamPlace,
  type StreamReader,
} from './follow-on';
import type { Presence } from './presence';
import type { StreamReads } from './stream-reads';
import { RESYNC, type CollectionName, type PresenceEvent } from '../shared';

/** Above this many documents for one user in one batch, the stream sends RESYNC instead. */
const MAX_DOCS_PER_EVENT = 500;
/** A client that stops reading is cut off rather than buffered without bound; it reconnects and resyncs. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** The feed reads (stream-reads.ts: one for all streams per commit) and the rest of what streams need. */
export interface StreamDeps extends StreamReads {
  /** Everyone sharing a room with the user: the audience of their presence. */
  coMembers(userId: string): Promise<string[]>;
  /** The user's newest feed position per collection (committed rows only, in commit order). */
  heads(userId: string): Promise<Array<{ collection: CollectionName; seq: number }>>;
  /** Who is online on any instance. */
  presence: Presence;
  /** Tells every instance (through the bus) that the user came online or went offline. */
  announce(userId: string, online: boolean): void;
  log: Logger;
}

interface Connection extends StreamPlace {
  userId: string;
  /** The session (refresh-token family) whose access token opened the stream. */
  sessionId: string;
  res: Response;
}

type Reader = StreamReader<Connection>;

/** Server-Sent Events connections per user: document changes, RESYNC, typing, presence, heartbeats. */
export function createHub(deps: StreamDeps, heartbeatMs: number) {
  const byUser = new Map<string, Set<Connection>>();
  const followOn = createFollowOn();
  let closed = false;
  // Events leave in the order they were published: a stream must never carry a later checkpoint
  // before an earlier one, nor "offline" before the "online" it follows, although building each
  // event reads the database.
  let queue = Promise.resolve();
  const serial = (task: () => Promise<void>) => {
    queue = queue.then(task).catch((err: unknown) => deps.log.error({ err }, 'stream delivery failed'));
  };

  function write(conn: Connection, chunk: string): void {
    if (conn.res.writableEnded || conn.res.destroyed) return; // closed while its event was built
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

  /** Fans a presence change, from any instance, out to this instance's streams of co-members. */
  function showPresence(userId: string, online: boolean): void {
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
    isOnline: async (userId: string) => (await deps.presence.online([userId])).has(userId),

    showPresence,

    /**
     * Registers an open stream; returns the function that unregisters it. `heads` (the user's
     * newest feed positions) must be read before the client can see the stream open: what was
     * committed before is the client's pull to make (it pulls on every open), and what commits
     * after is this stream's to deliver.
     */
    open(
      userId: string,
      sessionId: string,
      res: Response,
      heads: Array<{ collection: CollectionName; seq: number }>,
    ): () => void {
      const conn: Connection = {
        userId,
        sessionId,
        res,
        sent: new Map(heads.map((h) => [h.collection, h.seq])),
        clean: false,
      };
      let conns = byUser.get(userId);
      const firstConnection = !conns || conns.size === 0;
      if (!conns) byUser.set(userId, (conns = new Set()));
      conns.add(conn);
      serial(async () => {
        if (firstConnection && (await deps.presence.join(userId))) deps.announce(userId, true);
        for (const other of await deps.presence.online(await deps.coMembers(userId))) {
          write(conn, event('presence', { user_id: other, online: true } satisfies PresenceEvent));
        }
      });
      return () => {
        if (closed) return;
        conns.delete(conn);
        if (conns.size === 0) {
          byUser.delete(userId);
          serial(async () => {
            // A stream opened again meanwhile keeps the user online here.
            if (!byUser.has(userId) && (await deps.presence.leave(userId))) deps.announce(userId, false);
          });
        }
      };
    },

    /** Ends every stream of a session that ended: a logged-out session stops listening at once. */
    endSession(sessionId: string): void {
      for (const conns of byUser.values())
        for (const conn of conns) if (conn.sessionId === sessionId) conn.res.end();
    },

    typing(userIds: string[], data: unknown): void {
      const chunk = event('typing', data);
      for (const userId of userIds) sendToUser(userId, chunk);
    },

    /** The bus may have dropped messages: every stream here pulls from its checkpoint again. */
    resyncAll(): void {
      serial(async () => {
        for (const userId of [...byUser.keys()]) await resync(userId);
      });
    },

    /** Sends each connected user the documents a committed batch changed for them. */
    deliver(batch: ChangeBatch): void {
      const arrived = performance.now();
      // From the next turn of the event loop: the write that published the batch answers its
      // request first. With SQLite every read below completes at once, so run straight away the
      // whole fan-out (reads, frames, one write per stream) went before that answer's bytes.
      const turn = new Promise<void>((ok) => setImmediate(ok));
      serial(() => turn.then(() => deliverNow(batch, arrived)));
    },

    /** Resolves once everything handed to the hub so far has been written (tests, shutdown). */
    idle: (): Promise<void> => queue,

    close(): void {
      closed = true;
      clearInterval(heartbeat);
      for (const conns of byUser.values()) for (const conn of conns) conn.res.end();
      byUser.clear();
    },
  };

  async function deliverNow(batch: ChangeBatch, arrived: number): Promise<void> {
    const started = performance.now();
    const follows = followOn.follows(batch);
    // A gap: what it held may concern any stream, so each reads its feed once before it is clean again.
    if (!follows) for (const conns of byUser.values()) for (const conn of conns) conn.clean = false;
    const perUser = new Map<string, Map<CollectionName, number>>();
    const counts = new Map<string, number>();
    for (const change of batch.changes) {
      if (!byUser.has(change.userId) || batch.resyncUsers.has(change.userId)) continue;
      let cols = perUser.get(change.userId);
      if (!cols) perUser.set(change.userId, (cols = new Map()));
      cols.set(change.collection, Math.max(cols.get(change.collection) ?? 0, change.seq));
      counts.set(change.userId, (counts.get(change.userId) ?? 0) + 1);
    }
    for (const userId of batch.resyncUsers) if (byUser.has(userId)) await resync(userId);
    // The streams of one user at the same positions (windows, devices) are one reader: one feed
    // read and one frame for all of them. Every such reader's positions are read in one go.
    const readers: Reader[] = [];
    for (const [userId, cols] of perUser) {
      if ((counts.get(userId) ?? 0) > MAX_DOCS_PER_EVENT) {
        await resync(userId);
        continue;
      }
      readers.push(...readersOf(userId, byUser.get(userId) ?? [], cols, follows));
    }
    const positions = readers.flatMap((r) => r.wants.map((w) => ({ reader: r, ...w })));
    if (positions.length === 0) return;
    const batchRows = rowsOfBatch(batch);
    const pagesOf = (fromBatch: boolean) =>
      readPages(
        deps,
        positions.map(({ reader, ...w }) => ({
          userId: reader.userId,
          ...w,
          rows: fromBatch && reader.from === 'batch' ? batchRows : undefined,
        })),
        MAX_DOCS_PER_EVENT + 1,
      );
    const documentsOf = (pages: FeedRow[][], overflow: Set<Reader>) =>
      deps.wireJson(
        positions.flatMap((p, k) =>
          overflow.has(p.reader)
            ? []
            : (pages[k] ?? []).map((row) => ({ viewerId: p.reader.userId, collection: p.collection, row })),
        ),
      );
    const overflowOf = (pages: FeedRow[][]) =>
      new Set(positions.filter((_, k) => (pages[k]?.length ?? 0) > MAX_DOCS_PER_EVENT).map((p) => p.reader));
    let pages = await pagesOf(follows);
    const read = performance.now();
    let overflow = overflowOf(pages);
    let json = await documentsOf(pages, overflow);
    // Loaded after the batch's commit; unless another commit has taken a position since, they are
    // the documents as the batch left them. Else they may be newer than a row of the batch (a
    // member removed since must not get a later edit as live): the feed decides, as for a gap.
    if (follows && readers.some((r) => r.from === 'batch') && (await deps.position()) !== batch.range?.to) {
      pages = await pagesOf(false);
      overflow = overflowOf(pages);
      json = await documentsOf(pages, overflow);
    }
    const serialised = performance.now();
    // One chunk per reader, written to each of its streams: its collections' events back to back.
    const chunks = new Map<Reader, string>();
    let next = 0;
    for (const [k, { reader, collection, since }] of positions.entries()) {
      if (overflow.has(reader)) continue;
      const page = pages[k] ?? [];
      const docs = json.slice(next, next + page.length).filter((d) => d !== undefined);
      next += page.length;
      const reached = Math.max(page.at(-1)?.seq ?? since, since);
      for (const conn of reader.conns) conn.sent.set(collection, reached);
      if (docs.length === 0) continue;
      // The same bytes as JSON.stringify of a StreamChangeEvent, each document serialised once.
      const chunk = `data: {"collection":${JSON.stringify(collection)},"documents":[${docs.join(',')}],"checkpoint":{"seq":${reached}}}\n\n`;
      chunks.set(reader, (chunks.get(reader) ?? '') + chunk);
    }
    // Read every collection after a batch that follows on: up to date with the mark from here on.
    for (const reader of readers)
      if (reader.from === 'all' && !overflow.has(reader)) for (const conn of reader.conns) conn.clean = true;
    let written = 0;
    for (const [reader, chunk] of chunks) {
      for (const conn of reader.conns) write(conn, chunk);
      written += reader.conns.length;
    }
    for (const reader of overflow) for (const conn of reader.conns) await resyncConnection(conn);
    deps.log.debug(
      {
        positions: positions.length,
        fromBatch: readers.filter((r) => r.from === 'batch').length,
        written,
        queuedMs: started - arrived,
        feedMs: read - started,
        documentsMs: serialised - read,
        writeMs: performance.now() - serialised,
      },
      'stream batch',
    );
  }

  /**
   * A RESYNC tells the client to pull from its own checkpoint, so everything committed up to now
   * is that pull's to bring. The stream moves to the user's feed heads, read before the RESYNC
   * goes out; left behind, its next event would repeat documents the pull already brought.
   */
  async function resyncConnection(conn: Connection): Promise<void> {
    const heads = await deps.heads(conn.userId);
    conn.sent = new Map(heads.map((h) => [h.collection, h.seq]));
    conn.clean = false;
    write(conn, event(null, RESYNC));
  }

  async function resync(userId: string): Promise<void> {
    for (const conn of [...(byUser.get(userId) ?? [])]) await resyncConnection(conn);
  }
}

export type Hub = ReturnType<typeof createHub>;
