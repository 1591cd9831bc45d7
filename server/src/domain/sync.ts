import { AppError } from '../errors';
import { PULL_BATCH_DEFAULT, PULL_BATCH_MAX, type CollectionName, type SyncCheckpoint } from '../shared';
import type { Store } from '../db/store';
import type { Ctx } from './context';
import { loadJsonStates, wireJson } from './documents';

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

/** One page of the user's change feed for a collection, in feed order: the `PullResponse` as JSON text (`pullJson`). */
export async function pull(
  ctx: Ctx,
  userId: string,
  collection: CollectionName,
  checkpointText: unknown,
  limitText: unknown,
): Promise<string> {
  return pullJson(ctx.store, userId, collection, parseCheckpoint(checkpointText), parseLimit(limitText));
}

/**
 * The feed after `since`, up to `limit` rows, as the JSON text of its `PullResponse` (what
 * `JSON.stringify` would write for it, byte for byte). Two statements whatever the page's size:
 * the feed rows, then their documents, as JSON the database builds (docs/server.md, "Reads at
 * scale"). Positions are handed out in commit order, so every row at or below the last one
 * returned is committed: whoever continues from the returned checkpoint misses nothing.
 */
export async function pullJson(store: Store, userId: string, collection: CollectionName, since: number, limit: number): Promise<string> {
  const rows = await store.feed.pull(userId, collection, since, limit);
  const states = await loadJsonStates(store, userId, collection, rows.map((r) => r.doc_id));
  const documents: string[] = [];
  for (const row of rows) {
    const state = states.get(row.doc_id);
    if (state) documents.push(wireJson(collection, state, row));
  }
  const checkpoint: SyncCheckpoint = { seq: rows.at(-1)?.seq ?? since };
  return `{"documents":[${documents.join(',')}],"checkpoint":${JSON.stringify(checkpoint)}}`;
}
