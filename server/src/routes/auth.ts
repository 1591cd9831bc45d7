import { Router, type RequestHandler } from 'express';
import * as accounts from '../domain/accounts';
import type { Ctx } from '../domain/context';
import { publicUser, userDoc } from '../db/users';
import { AppError } from '../errors';
import { authOf, ipRateLimit, jsonBody } from '../middleware';
import { loginBody, logoutBody, refreshBody, registerBody, searchQuery, SEARCH_RESULTS_MAX, type SearchUser } from '../shared';
import { parse, parseAsync } from '../validate';

export function authRoutes(ctx: Ctx, authed: RequestHandler[]): Router {
  const r = Router();
  // The account endpoints take a body before any token: the per-address limit comes first, then the body is read.
  const limit = ipRateLimit(ctx.config.authRateLimit, ctx.limits.shared);
  const perIp: RequestHandler = (req, res, next) => {
    void limit(req, res, (err?: unknown) => (err ? next(err) : jsonBody(req, res, next)));
  };

  r.post('/register', perIp, async (req, res) => {
    res.status(201).json(await accounts.register(ctx, await parseAsync(registerBody, req.body)));
  });
  r.post('/login', perIp, async (req, res) => {
    res.json(await accounts.login(ctx, parse(loginBody, req.body)));
  });
  r.post('/refresh', perIp, async (req, res) => {
    res.json(await accounts.refresh(ctx, parse(refreshBody, req.body).refresh_token));
  });
  r.post('/logout', ...authed, async (req, res) => {
    const { userId, sessionId } = authOf(res);
    await accounts.logout(ctx, userId, sessionId, parse(logoutBody, req.body).refresh_token);
    res.status(204).end();
  });
  r.get('/me', ...authed, async (_req, res) => {
    const { userId } = authOf(res);
    const row = await ctx.store.users.byId(userId);
    if (!row) throw new AppError('invalid_token', 'Access token is not valid');
    res.json(userDoc(row, userId));
  });
  r.get('/users/search', ...authed, async (req, res) => {
    const { userId } = authOf(res);
    const { q, role } = parse(searchQuery, req.query);
    const results: SearchUser[] = [];
    for (const row of await ctx.store.users.search(q.trim(), role, userId, SEARCH_RESULTS_MAX)) {
      // Presence is for people who share a room, as presence events are (SPEC §3); strangers get null.
      const shares = await ctx.store.memberships.sharesRoom(userId, row.id);
      results.push({ ...publicUser(row), is_online: shares ? await ctx.isOnline(row.id) : null });
    }
    res.json(results);
  });
  return r;
}
