import { Router, type RequestHandler } from 'express';
import type { Ctx } from '../domain/context';
import { push } from '../domain/push';
import { parsePushRows } from '../domain/push-validation';
import { pull } from '../domain/sync';
import { AppError, retryLater } from '../errors';
import { authenticate, authOf } from '../middleware';
import type { Hub } from '../realtime/hub';
import { isCollectionName, type CollectionName } from '../shared';
import { sendJsonText } from './json-text';

function collectionOf(name: string): CollectionName {
  if (!isCollectionName(name)) throw new AppError('unknown_collection', `No collection named "${name}"`);
  return name;
}

/** RxDB's HTTP replication protocol, filtered per user (SPEC §4). */
/**
 * `authed` guards pull and push; the stream takes its token from the query too and counts against
 * the same per-user request limit (`perUser`), besides its own cap of open streams.
 */
export function syncRoutes(ctx: Ctx, hub: Hub, authed: RequestHandler[], perUser: RequestHandler): Router {
  const r = Router();

  r.get('/stream', authenticate(ctx, true), perUser, async (_req, res) => {
    const { userId, tokenExp, sessionId } = authOf(res);
    // Counted over every instance (Redis with REDIS_URL). Checked before any header goes out, so a
    // refused stream is an ordinary JSON error.
    const release = await ctx.limits.streams.take(userId, ctx.config.streamsPerUser);
    if (!release) {
      throw retryLater('too_many_streams', `At most ${ctx.config.streamsPerUser} streams per user; close one first`, 5);
    }
    const heads = await ctx.store.feed.heads(userId).catch((err: unknown) => {
      release();
      throw err;
    });
    if (res.destroyed) return release(); // gone while the heads were read: nothing to register
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // Each event is one small write that should leave at once: no Nagle delay waiting for an ACK.
    res.socket?.setNoDelay(true);
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    const close = hub.open(userId, sessionId, res, heads);
    // The stream lives no longer than the token that opened it; the client reconnects with a fresh one.
    const expiry = setTimeout(() => res.end(), Math.max(0, tokenExp * 1000 - Date.now()));
    res.on('close', () => {
      clearTimeout(expiry);
      release();
      close();
    });
  });

  r.use(...authed);
  r.get('/:collection/pull', async (req, res) => {
    const collection = collectionOf(req.params.collection);
    sendJsonText(res, await pull(ctx, authOf(res).userId, collection, req.query.checkpoint, req.query.limit));
  });
  r.post('/:collection/push', async (req, res) => {
    const collection = collectionOf(req.params.collection);
    const rows = parsePushRows(collection, req.body);
    const { userId } = authOf(res);
    if (collection === 'messages') await ctx.limits.quota.require(userId, rows.map((row) => row.newDocumentState.id));
    res.json(await push(ctx, userId, collection, rows));
  });
  return r;
}
