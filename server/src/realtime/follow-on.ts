import type { FeedPosition, FeedRow } from '../db/feed';
import type { ChangeBatch } from '../db/store';
import { COLLECTIONS, type CollectionName } from '../shared';
import type { StreamReads } from './stream-reads';

/** Where a stream stands in its user's feed. */
export interface StreamPlace {
  /**
   * Per collection, the feed position this stream has delivered up to.
   * Each event is the feed from here on, not just the batch's documents: batches from other
   * instances (or concurrent commits here) can arrive out of commit order, and an event whose
   * checkpoint jumped past a document not yet announced would lose it for good.
   */
  sent: Map<CollectionName, number>;
  /**
   * The stream holds every feed row of its user up to the hub's follow-on mark, so a batch that
   * follows on is delivered from its own rows. False from the stream's opening, and after a
   * RESYNC or a gap until one read of all its collections.
   */
  clean: boolean;
}

/**
 * The streams of one user that stand at the same positions: they get the same event. `batch`:
 * their pages are the batch's rows; `all`: they read every collection (and are clean after it);
 * `read`: they read the collections the batch names.
 */
export interface StreamReader<C extends StreamPlace> {
  userId: string;
  conns: C[];
  /** The collections these streams' event is built from, and their positions. */
  wants: Array<{ collection: CollectionName; since: number }>;
  from: 'batch' | 'all' | 'read';
}

/**
 * The readers of one user's streams for a batch that moves `cols` (collection → its newest
 * position in the batch) for them; a stream the batch moves nowhere is left out.
 */
export function readersOf<C extends StreamPlace>(
  userId: string,
  conns: Iterable<C>,
  cols: Map<CollectionName, number>,
  follows: boolean,
) {
  const byPlace = new Map<string, StreamReader<C>>();
  for (const conn of conns) {
    const from: StreamReader<C>['from'] = !follows ? 'read' : conn.clean ? 'batch' : 'all';
    const wants: StreamReader<C>['wants'] = [];
    if (from === 'all')
      for (const collection of COLLECTIONS) wants.push({ collection, since: conn.sent.get(collection) ?? 0 });
    else {
      for (const [collection, seq] of cols) {
        const since = conn.sent.get(collection) ?? 0;
        if (seq > since) wants.push({ collection, since }); // else an earlier event carried it
      }
    }
    if (wants.length === 0) continue;
    const place = `${from}|${wants.map((w) => `${w.collection}:${w.since}`).join(',')}`;
    const reader = byPlace.get(place);
    if (reader) reader.conns.push(conn);
    else byPlace.set(place, { userId, conns: [conn], wants, from });
  }
  return [...byPlace.values()];
}

/**
 * Whether a batch follows on from the last one this hub handled (docs/server.md, "Delivered from
 * the batch"). The mark is the newest position up to which this hub has seen every commit's
 * batch, one after another. A batch whose positions start right there holds every feed row
 * between the mark and its own end, so a stream that has everything up to the mark is brought up
 * to date by the batch's own rows, without reading the feed. Anything else (no mark yet, a batch
 * from an instance that sends no range, one that arrived out of order, a commit never published)
 * is a gap: the mark moves past it, and every stream must read its feed once to stand on the
 * mark again.
 */
export function createFollowOn() {
  let mark: number | undefined;
  return {
    /** Does the batch follow on from the mark? Moves the mark past it either way. */
    follows(batch: ChangeBatch): boolean {
      const range = batch.range;
      const follows =
        range !== undefined &&
        mark !== undefined &&
        range.from === mark &&
        batch.changes.every((c) => c.revoked !== undefined);
      mark = range === undefined ? undefined : Math.max(mark ?? range.to, range.to);
      return follows;
    },
  };
}

/** Each user's rows of a batch, per collection, in feed order: what the feed holds between the mark and the batch's end. */
export function rowsOfBatch(batch: ChangeBatch): Map<string, Map<CollectionName, FeedRow[]>> {
  const byUser = new Map<string, Map<CollectionName, FeedRow[]>>();
  for (const c of batch.changes) {
    let cols = byUser.get(c.userId);
    if (!cols) byUser.set(c.userId, (cols = new Map()));
    const rows = cols.get(c.collection) ?? [];
    rows.push({ doc_id: c.docId, seq: c.seq, revoked: c.revoked ? 1 : 0 });
    cols.set(c.collection, rows);
  }
  for (const cols of byUser.values()) for (const rows of cols.values()) rows.sort((a, b) => a.seq - b.seq);
  return byUser;
}

/**
 * Each position's page: the batch's rows after it when `rows` (rowsOfBatch) is given, else its
 * feed after it, all such positions in one read.
 */
export async function readPages(
  reads: Pick<StreamReads, 'feedAfter'>,
  positions: ReadonlyArray<FeedPosition & { rows?: Map<string, Map<CollectionName, FeedRow[]>> }>,
  limit: number,
): Promise<FeedRow[][]> {
  const pages = positions.map(({ userId, collection, since, rows }) =>
    rows ? (rows.get(userId)?.get(collection) ?? []).filter((r) => r.seq > since) : [],
  );
  const toRead = positions.flatMap(({ userId, collection, since, rows }, k) =>
    rows ? [] : [{ k, userId, collection, since }],
  );
  if (toRead.length === 0) return pages;
  for (const { k, ...row } of await reads.feedAfter(toRead, limit)) pages[toRead[k]?.k ?? -1]?.push(row);
  return pages;
}
