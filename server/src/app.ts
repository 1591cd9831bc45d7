import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import cors from 'cors';
import express from 'express';
import { createAccessTokens } from './auth/tokens';
import { createAuthz } from './authz';
import { DEFAULT_CONFIG, type ServerConfig } from './config';
import { createStore } from './db/store';
import type { Ctx } from './domain/context';
import { loadWireDocs } from './domain/documents';
import { errorMiddleware, unknownRoute } from './errors';
import { createLogger } from './logger';
import { authenticate, userRateLimit } from './middleware';
import { createLocalBus } from './realtime/bus';
import { createHub } from './realtime/hub';
import { authRoutes } from './routes/auth';
import { jobRoutes } from './routes/jobs';
import { roomRoutes } from './routes/rooms';
import { syncRoutes } from './routes/sync';
import { webRoutes } from './routes/web';
import { seedDemo } from './seed';
import { BODY_LIMIT_BYTES } from './shared';

export type ServerOptions = Partial<ServerConfig> & { dataDir: string };

/** Builds the app and its services without listening: tests and `startServer` share it. */
export async function createServer(options: ServerOptions) {
  const config: ServerConfig = { ...DEFAULT_CONFIG, jwtSecret: '', ...options };
  if (!config.jwtSecret) throw new Error('jwtSecret is required');
  const log = createLogger(config.logLevel);
  const store = createStore(config.dataDir);
  const bus = createLocalBus();
  const hub = createHub(
    {
      loadDocs: (userId, collection, ids) => loadWireDocs(store, userId, collection, ids),
      coMembers: (userId) => store.memberships.coMembers(userId),
      log,
    },
    config.heartbeatMs,
  );
  const unsubscribe = bus.subscribe((batch) => hub.deliver(batch));
  const ctx: Ctx = {
    store,
    authz: createAuthz(store),
    bus,
    tokens: createAccessTokens(config.jwtSecret, config.accessTokenTtlSeconds),
    config,
    log,
    isOnline: (userId) => hub.isOnline(userId),
    typing: (userIds, data) => hub.typing(userIds, data),
  };
  if (config.demo && store.users.count() === 0) await seedDemo(ctx);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Method, route pattern and status only: paths can carry room ids, queries can carry tokens.
      log.debug({ method: req.method, route: req.route?.path ?? 'unmatched', status: res.statusCode, ms }, 'request');
    });
    next();
  });
  // The desktop app's pages live at app://cleanchat, a different origin from this server.
  // No cookies are used (bearer tokens only), so credentials stay off.
  app.use(
    '/api',
    cors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type'],
      exposedHeaders: ['Retry-After', 'RateLimit', 'RateLimit-Policy'],
      maxAge: 600,
    }),
  );
  app.use(express.json({ limit: BODY_LIMIT_BYTES, strict: false }));
  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // One limiter instance: a user's budget is shared across the whole API.
  const authed = [authenticate(ctx), userRateLimit(config.rateLimit)];
  app.use('/api/auth', authRoutes(ctx, authed));
  app.use('/api/jobs', jobRoutes(ctx, authed));
  app.use('/api/chat/rooms', roomRoutes(ctx, authed));
  app.use('/api/sync', syncRoutes(ctx, hub, authed));
  app.use('/api', unknownRoute);
  if (config.webDir && existsSync(join(config.webDir, 'index.html'))) app.use(webRoutes(resolve(config.webDir)));
  app.use(unknownRoute);
  app.use(errorMiddleware(log));

  return {
    app,
    ctx,
    /** Ends streams first (no presence fan-out during shutdown), then closes the database. */
    close() {
      unsubscribe();
      hub.close();
      store.close();
    },
  };
}

/** Starts listening (port 0 picks a free port) and resolves once ready. */
export async function startServer(options: ServerOptions, port = 0, host = '127.0.0.1') {
  const built = await createServer(options);
  const server = built.app.listen(port, host);
  await new Promise<void>((ok, fail) => {
    server.once('listening', ok);
    server.once('error', fail);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    ctx: built.ctx,
    async close() {
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      built.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
