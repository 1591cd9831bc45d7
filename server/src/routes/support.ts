import { Router, type RequestHandler } from 'express';
import type { Ctx } from '../domain/context';
import { requestSupport, resolveSupport, supportQueue } from '../domain/support';
import { authOf } from '../middleware';
import { emptyBody, supportQueueQuery, supportRequestBody } from '../shared';
import { parse } from '../validate';

/** Support rooms (SPEC §10): anyone asks; support staff list the queue and resolve. */
export function supportRoutes(ctx: Ctx, authed: RequestHandler[]): Router {
  const r = Router();
  r.use(...authed);
  r.post('/', async (req, res) => {
    const body = parse(supportRequestBody, req.body);
    await ctx.limits.quota.require(authOf(res).userId, [undefined]);
    const answer = await requestSupport(ctx, authOf(res).userId, body);
    res.status(answer.created ? 201 : 200).json(answer);
  });
  r.get('/', async (req, res) => {
    const { status } = parse(supportQueueQuery, req.query);
    res.json(await supportQueue(ctx, authOf(res).userId, status));
  });
  r.post('/:roomId/resolve', async (req, res) => {
    parse(emptyBody, req.body);
    res.json(await resolveSupport(ctx, authOf(res).userId, req.params.roomId));
  });
  return r;
}
