import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RateLimitConfig } from './config';
import type { Ctx } from './domain/context';
import { AppError, envelope } from './errors';
import { BODY_LIMIT_BYTES } from './shared';

/** The authenticated user of a request. */
export interface Authed {
  userId: string;
  tokenExp: number;
  /** The session (refresh-token family) the access token belongs to. */
  sessionId: string;
}

export function authOf(res: Response): Authed {
  return res.locals.auth as Authed;
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * JSON bodies, read only where a route wants one: after authentication on the authenticated API,
 * so a client without a valid token cannot hold a connection open by sending its body slowly.
 */
export const jsonBody = express.json({ limit: BODY_LIMIT_BYTES, strict: false });

/**
 * Requires a valid access token of a live session: a token of a session that logged out (or whose
 * refresh token was reused) stops working at once. Runs before the body is read; a refused
 * request's connection is closed rather than left waiting for a body nobody will read.
 * `allowQueryToken` is only for the SSE stream, where browsers' EventSource cannot set headers;
 * the request logger never records query strings.
 */
export function authenticate(ctx: Ctx, allowQueryToken = false): RequestHandler {
  return async (req, res, next) => {
    try {
      const fromQuery = allowQueryToken && typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
      const token = bearer(req) ?? fromQuery;
      if (!token) throw new AppError('unauthorized', 'Sign in first: missing bearer token');
      const claims = ctx.tokens.verify(token);
      if (!(await ctx.store.tokens.sessionLive(claims.sid, claims.sub))) {
        throw new AppError('invalid_token', 'Access token is not valid');
      }
      res.locals.auth = { userId: claims.sub, tokenExp: claims.exp, sessionId: claims.sid } satisfies Authed;
      next();
    } catch (err) {
      if (!req.complete) res.setHeader('Connection', 'close');
      next(err);
    }
  };
}

/** Where request counts live: in this process, or in Redis so that every instance counts together. */
export interface SharedStore {
  redis: Redis;
  prefix: string;
}

function storeOf(shared: SharedStore | undefined, name: string): Store | undefined {
  if (!shared) return undefined;
  const { redis, prefix } = shared;
  return new RedisStore({
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
    prefix: `${prefix}rl:${name}:`,
  });
}

function limiter(
  config: RateLimitConfig,
  key: (req: Request, res: Response) => string,
  store: Store | undefined,
): RequestHandler {
  return rateLimit({
    store,
    windowMs: config.windowMs,
    limit: config.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: key,
    validate: { keyGeneratorIpFallback: false },
    handler: (_req: Request, res: Response, _next: NextFunction, options) => {
      res.status(429).json(envelope('rate_limited', `Too many requests; retry in ${Math.ceil(options.windowMs / 1000)} s`));
    },
  });
}

/** Per user, after authentication. */
export const userRateLimit = (config: RateLimitConfig, shared?: SharedStore) =>
  limiter(config, (_req, res) => authOf(res).userId, storeOf(shared, 'user'));

/**
 * Per client address, for the unauthenticated account endpoints (password guessing). The address
 * is the socket's peer unless it is a proxy named in TRUST_PROXY (app.ts sets `trust proxy`).
 */
export const ipRateLimit = (config: RateLimitConfig, shared?: SharedStore) =>
  limiter(config, (req) => req.ip ?? 'unknown', storeOf(shared, 'ip'));

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Charges every write to the user's row budget: a push costs its rows (the only array bodies),
 * any other write one row. Runs after the body is parsed.
 */
export function rowBudget(ctx: Ctx): RequestHandler {
  return async (req, res, next) => {
    if (READS.has(req.method)) return next();
    const rows = Array.isArray(req.body) ? req.body.length : 1;
    await ctx.limits.rows.charge(authOf(res).userId, rows);
    next();
  };
}
