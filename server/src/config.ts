import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_TOKEN_TTL_SECONDS, STREAM_HEARTBEAT_MS } from './shared';

export interface RateLimitConfig {
  windowMs: number;
  max: number;
}

export interface ServerConfig {
  /** Folder of the SQLite file (`cleanchat.sqlite`) and of the generated JWT secret. */
  dataDir: string;
  jwtSecret: string;
  /** Seed demo users and conversations into an empty database. */
  demo: boolean;
  /** A built web app (out/renderer) to serve next to the API, or undefined. */
  webDir?: string;
  /** Per user, on the authenticated API. */
  rateLimit: RateLimitConfig;
  /** Per IP, on login, register and refresh. */
  authRateLimit: RateLimitConfig;
  accessTokenTtlSeconds: number;
  heartbeatMs: number;
  logLevel: string;
  /** Browser origins other than the server's own that may call the API: the desktop app's `app://cleanchat`. */
  corsOrigins: string[];
}

export const DEFAULT_CONFIG: Omit<ServerConfig, 'dataDir' | 'jwtSecret'> = {
  demo: false,
  rateLimit: { windowMs: 10_000, max: 600 },
  authRateLimit: { windowMs: 60_000, max: 20 },
  accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
  heartbeatMs: STREAM_HEARTBEAT_MS,
  logLevel: 'info',
  corsOrigins: ['app://cleanchat'],
};

/**
 * The JWT secret: JWT_SECRET when set, else one generated on first run and kept in DATA_DIR
 * (mode 0600) so tokens survive restarts.
 */
export function resolveJwtSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function configFromEnv(env: NodeJS.ProcessEnv): ServerConfig & { port: number; host: string } {
  const dataDir = env.DATA_DIR || './data';
  mkdirSync(dataDir, { recursive: true });
  const port = env.PORT === undefined || env.PORT === '' ? 8787 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, got "${env.PORT}"`);
  return {
    ...DEFAULT_CONFIG,
    dataDir,
    jwtSecret: resolveJwtSecret(dataDir, env.JWT_SECRET),
    demo: env.DEMO === '1' || env.DEMO === 'true',
    webDir: env.WEB_DIR || undefined,
    logLevel: env.LOG_LEVEL || DEFAULT_CONFIG.logLevel,
    rateLimit: { windowMs: DEFAULT_CONFIG.rateLimit.windowMs, max: positiveInt(env.RATE_LIMIT_MAX, DEFAULT_CONFIG.rateLimit.max) },
    authRateLimit: {
      windowMs: DEFAULT_CONFIG.authRateLimit.windowMs,
      max: positiveInt(env.AUTH_RATE_LIMIT_MAX, DEFAULT_CONFIG.authRateLimit.max),
    },
    corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((o) => o.trim()) : DEFAULT_CONFIG.corsOrigins,
    port,
    host: env.HOST || '127.0.0.1',
  };
}

function positiveInt(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got "${text}"`);
  return n;
}
