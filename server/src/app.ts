import { existsSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import { createAccessTokens } from './auth/tokens';
import { createAuthz } from './authz';
import { checkJwtSecret, DEFAULT_CONFIG, type ServerConfig } from './config';
import { createStore } from './db/store';
import type { Ctx } from './domain/context';
import { errorMiddleware, unknownRoute } from './errors';
import { createHealth } from './health';
import { createLimits } from './limits';
import { createLogger } from './logger';
import { authenticate, jsonBody, rowBudget, userRateLimit } from './middleware';
import { createHub } from './realtime/hub';
import { createStreamReads } from './realtime/stream-reads';
import { connectRealtime } from './realtime/realtime';
import { createBlobStore } from './blobs/blob-store';
import { sweepAttachments } from './domain/attachments';
import { attachmentRoutes, uploadRoutes } from './routes/attachments';
import { authRoutes } from './routes/auth';
import { jobRoutes } from './routes/jobs';
import { roomRoutes } from './routes/rooms';
import { supportRoutes } from './routes/support';
import { syncRoutes } from './routes/sync';
import { webRoutes } from './routes/web';
import { seedDemo } from './seed';
import { PUSH_BATCH_MAX } from './shared';

/** Methods whose success means the database took a write again (health's storage flag clears). */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type ServerOptions = Partial<ServerConfig> & { dataDir: string };

/** Builds the app and its services without listening: tests and `startServer` share it. */
export async function createServer(options: ServerOptions) {
  const config: ServerConfig = { ...DEFAULT_CONFIG, jwtSecret: '', ...options };
  checkJwtSecret(config.jwtSecret, 'jwtSecret');
  if (config.headersTimeoutMs > config.requestTimeoutMs) throw new Error('headersTimeoutMs must not exceed requestTimeoutMs');
  if (Math.max(config.writeBudget.rows, config.writeBudget.burstRows) < PUSH_BATCH_MAX) {
    throw new Error(`the write budget must hold one full push: ${PUSH_BATCH_MAX} rows`);
  }
  const app = express();
  app.disable('x-powered-by');
  try {
    // Forwarding headers are believed only from the proxies TRUST_PROXY names (none by default):
    // otherwise any client picks its own address and walks past the per-address limits.
    app.set('trust proxy', config.trustProxy);
  } catch (err) {
    throw new Error(`TRUST_PROXY "${String(config.trustProxy)}" is not a list of addresses, subnets or a hop count: ${(err as Error).message}`);
  }
  const log = createLogger(config.logLevel);
  const store = await createStore(config);
  const health = createHealth(config.dataDir);
  const realtime = await connectRealtime(config, log).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const { bus, presence } = realtime;
  const hub = createHub(
    {
      ...createStreamReads(store),
      coMembers: (userId) => store.memberships.coMembers(userId),
      heads: (userId) => store.feed.heads(userId),
      presence,
      announce: (userId, online) => bus.signal({ kind: 'presence', userId, online }),
      log,
    },
    config.heartbeatMs,
  );
  const unsubscribe = bus.subscribe((batch) => hub.deliver(batch));
  const unsignal = bus.onSignal((signal) => {
    if (signal.kind === 'typing') hub.typing(signal.userIds, signal.data);
    else if (signal.kind === 'presence') hub.showPresence(signal.userId, signal.online);
    else if (signal.kind === 'end_session') hub.endSession(signal.sessionId);
    else hub.resyncAll();
  });
  const ctx: Ctx = {
    store,
    blobs: createBlobStore(store.sql, config.dataDir),
    authz: createAuthz(store),
    bus,
    tokens: createAccessTokens(config.jwtSecret, config.accessTokenTtlSeconds),
    config,
    log,
    limits: createLimits(config, store.sql, log, realtime.redis && { redis: realtime.redis, prefix: config.redisPrefix }),
    isOnline: (userId) => hub.isOnline(userId),
    endSession: (sessionId) => bus.signal({ kind: 'end_session', sessionId }),
    typing: (userIds, data) => bus.signal({ kind: 'typing', userIds, data }),
  };
  if (config.demo && (await store.users.count()) === 0) await seedDemo(ctx);
  const sweeper =
    config.attachments.sweepEveryMs > 0
      ? setInterval(() => {
          sweepAttachments(ctx).catch((err: unknown) => log.warn({ err }, 'attachment sweep failed'));
        }, config.attachments.sweepEveryMs).unref()
      : undefined;

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (WRITES.has(req.method) && res.statusCode < 400) health.writeSucceeded();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Method, route pattern and status only: paths can carry room ids, queries can carry tokens.
      log.debug({ method: req.method, route: req.route?.path ?? 'unmatched', status: res.statusCode, ms }, 'request');
    });
    next();
  });
  // The same protective headers on every answer; the web build replaces the CSP with its own (routes/web.ts).
  // API answers are data, never documents: they may load nothing and be framed nowhere.
  app.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    }),
  );
  // The desktop app's pages live at app://cleanchat, a different origin from this server.
  // No cookies are used (bearer tokens only), so credentials stay off.
  app.use(
    '/api',
    cors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type'],
      exposedHeaders: ['Retry-After', 'RateLimit', 'RateLimit-Policy'],
      maxAge: 600,
    }),
  );
  app.get('/api/health', (_req, res) => {
    res.json(health.report());
  });
  // One limiter instance: a user's budget is shared across the whole API. The token is checked
  // before the body is read (slow bodies), and writes are charged by rows once it is.
  const perUser = userRateLimit(config.rateLimit, ctx.limits.shared);
  const authed = [authenticate(ctx), perUser, jsonBody, rowBudget(ctx)];
  app.use('/api/auth', authRoutes(ctx, authed));
  app.use('/api/jobs', jobRoutes(ctx, authed));
  // Attachment bodies are bytes, never JSON: their route reads them itself (streamed, 25 MiB).
  app.use('/api/chat/rooms', uploadRoutes(ctx, [authenticate(ctx), perUser, rowBudget(ctx)]));
  app.use('/api/chat/rooms', roomRoutes(ctx, authed));
  app.use('/api/support', supportRoutes(ctx, authed));
  app.use('/api/attachments', attachmentRoutes(ctx, [authenticate(ctx), perUser]));
  app.use('/api/sync', syncRoutes(ctx, hub, authed, perUser));
  app.use('/api', unknownRoute);
  if (config.webDir && existsSync(join(config.webDir, 'index.html'))) app.use(webRoutes(resolve(config.webDir)));
  app.use(unknownRoute);
  app.use(errorMiddleware(log, () => health.storageFull()));

  return {
    app,
    ctx,
    hub,
    /** Ends streams first (no presence fan-out during shutdown), then closes the database. */
    async close() {
      clearInterval(sweeper);
      unsubscribe();
      unsignal();
      hub.close();
      await ctx.limits.streams.close();
      await realtime.close();
      await store.close();
    },
  };
}

/**
 * Starts listening (port 0 picks a free port) and resolves once ready. A client gets
 * `headersTimeoutMs` for its headers and `requestTimeoutMs` for its whole request; both end
 * when the request has arrived, so a stream's long response is not cut.
 */
export async function startServer(options: ServerOptions, port = 0, host = '127.0.0.1') {
  const built = await createServer(options);
  const { headersTimeoutMs, requestTimeoutMs } = built.ctx.config;
  const server = createHttpServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // How often Node looks for requests past those limits.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, headersTimeoutMs / 2)),
    },
    built.app,
  );
  server.listen(port, host);
  await new Promise<void>((ok, fail) => {
    server.once('listening', ok);
    server.once('error', fail);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    ctx: built.ctx,
    hub: built.hub,
    async close() {
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      const stored = built.close();
      server.closeAllConnections();
      await Promise.all([closed, stored]);
    },
  };
}
