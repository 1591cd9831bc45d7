import { Router, type RequestHandler } from 'express';
import type { Ctx } from '../domain/context';
import { createJob, jobChat, patchJob } from '../domain/jobs';
import { authOf } from '../middleware';
import { createJobBody, patchJobBody } from '../shared';
import { parse } from '../validate';

export function jobRoutes(ctx: Ctx, authed: RequestHandler[]): Router {
  const r = Router();
  r.use(...authed);
  r.post('/', async (req, res) => {
    res.status(201).json(await createJob(ctx, authOf(res).userId, parse(createJobBody, req.body)));
  });
  r.get('/:id', async (req, res) => {
    res.json(await ctx.authz.requireJob(authOf(res).userId, req.params.id));
  });
  r.patch('/:id', async (req, res) => {
    res.json(await patchJob(ctx, authOf(res).userId, req.params.id, parse(patchJobBody, req.body)));
  });
  r.get('/:id/chat', async (req, res) => {
    res.json(await jobChat(ctx, authOf(res).userId, req.params.id));
  });
  return r;
}
