import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { RateLimitConfig } from './config';
import type { Ctx } from './domain/context';
import { AppError, envelope } from './errors';

/** The authenticated user of a request. */
export interface Authed {
  userId: string;
  tokenExp: number;
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
 * Requires a valid access token. `allowQueryToken` is only for the SSE stream, where browsers'
 * EventSource cannot set headers; the request logger never records query strings.
 */
export function authenticate(ctx: Ctx, allowQueryToken = false): RequestHandler {
  return (req, res, next) => {
    const fromQuery = allowQueryToken && typeof req.query.access_token === 'string' ? req.query.access_token : undefined;
    const token = bearer(req) ?? fromQuery;
    if (!token) return next(new AppError('unauthorized', 'Sign in first: missing bearer token'));
    const claims = ctx.tokens.verify(token);
    if (!ctx.store.users.byId(claims.sub)) return next(new AppError('invalid_token', 'Access token is not valid'));
    res.locals.auth = { userId: claims.sub, tokenExp: claims.exp } satisfies Authed;
    next();
  };
}

function limiter(config: RateLimitConfig, key: (req: Request, res: Response) => string): RequestHandler {
  return rateLimit({
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
export const userRateLimit = (config: RateLimitConfig) => limiter(config, (_req, res) => authOf(res).userId);

/** Per client address, for the unauthenticated account endpoints (password guessing). */
export const ipRateLimit = (config: RateLimitConfig) => limiter(config, (req) => req.ip ?? 'unknown');
