import type { FeedRow } from '../db/feed';
import type { ChangeBatch } from '../db/store';
import type { CollectionName } from '../shared';

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
        range !== undefined && mark !== undefined && range.from === mark && batch.changes.every((c) => c.revoked !== undefined);
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
