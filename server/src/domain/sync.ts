import { AppError } from '../errors';
import { PULL_BATCH_DEFAULT, PULL_BATCH_MAX, type CollectionName, type PullResponse, type SyncCheckpoint } from '../shared';
import type { Store } from '../db/store';
import type { Ctx } from './context';
import { loadWireDocs } from './documents';

function parseCheckpoint(text: unknown): number {
  if (text === undefined || text === '' || text === 'null') return 0;
  if (typeof text !== 'string') throw new AppError('invalid_checkpoint', 'checkpoint must be the JSON the server sent');
  try {
    const cp = JSON.parse(text) as Partial<SyncCheckpoint> | null;
    if (cp === null) return 0;
    if (typeof cp === 'object' && Number.isSafeInteger(cp.seq) && (cp.seq as number) >= 0) return cp.seq as number;
  } catch {
    // reported below
  }
  throw new AppError('invalid_checkpoint', 'checkpoint must be the JSON the server sent');
}

function parseLimit(text: unknown): number {
  if (text === undefined || text === '') return PULL_BATCH_DEFAULT;
  const n = Number(text);
  if (typeof text !== 'string' || !Number.isInteger(n) || n < 1) {
    throw new AppError('validation_failed', 'Invalid request: limit must be a positive integer');
  }
  return Math.min(n, PULL_BATCH_MAX);
}

/** One page of the user's change feed for a collection, in feed order. */
export async function pull(
  ctx: Ctx,
  userId: string,
  collection: CollectionName,
  checkpointText: unknown,
  limitText: unknown,
): Promise<PullResponse> {
  return pullSince(ctx.store, userId, collection, parseCheckpoint(checkpointText), parseLimit(limitText));
}

/**
 * The feed after `since`, up to `limit` rows: the pull, and the stream's events too. Positions
 * are handed out in commit order, so every row at or below the last one returned is committed:
 * whoever continues from the returned checkpoint misses nothing.
 */
export async function pullSince(
  store: Store,
  userId: string,
  collection: CollectionName,
  since: number,
  limit: number,
): Promise<PullResponse> {
  const rows = await store.feed.pull(userId, collection, since, limit);
  const documents = await loadWireDocs(store, userId, collection, rows);
  const last = rows.at(-1);
  return { documents, checkpoint: { seq: last ? last.seq : since } };
}
