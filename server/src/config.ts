import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_TOKEN_TTL_SECONDS, STREAM_HEARTBEAT_MS } from './shared';

export interface RateLimitConfig {
  windowMs: number;
  max: number;
}

/** Rows written per user: a steady budget plus a larger, slower one that lets an offline queue flush. */
export interface WriteBudgetConfig {
  rows: number;
  windowMs: number;
  burstRows: number;
  burstWindowMs: number;
}

/** Attachments (SPEC §8): storage per user, upload bytes per user, and when unsent or deleted ones are collected. */
export interface AttachmentConfig {
  /** Bytes one user's uploads may hold (each upload counted once, however many messages carry it). */
  quotaBytes: number;
  /** Bytes one user may upload per `windowMs`. */
  uploadBytes: number;
  windowMs: number;
  /** An upload no message carries is collected this long after its upload or last send. */
  graceMs: number;
  /** How often the sweep runs (0: never; tests call it themselves). */
  sweepEveryMs: number;
}

export interface ServerConfig {
  /** Folder of the SQLite file (`cleanchat.sqlite`) and of the generated JWT secret. */
  dataDir: string;
  /** postgres://… stores everything in PostgreSQL; unset keeps the embedded SQLite file in dataDir. */
  databaseUrl?: string;
  /** redis://… carries changes, typing, presence and limits between instances; unset keeps them in-process. */
  redisUrl?: string;
  /** Prefix of every Redis key and channel, so that several deployments (or test runs) share one Redis. */
  redisPrefix: string;
  /** With Redis: a crashed instance's users go offline this long after its last renewal. */
  presenceTtlMs: number;
  /** At least JWT_SECRET_MIN_BYTES bytes. */
  jwtSecret: string;
  /** Seed demo users and conversations into an empty database. */
  demo: boolean;
  /** A built web app (out/renderer) to serve next to the API, or undefined. */
  webDir?: string;
  /**
   * Express `trust proxy`: the proxies whose X-Forwarded-For is believed (addresses, subnets,
   * `loopback`, or a hop count). false: none, the client is the socket's peer.
   */
  trustProxy: string | number | false;
  /** Per user, on the authenticated API. */
  rateLimit: RateLimitConfig;
  /** Per IP, on login, register and refresh. */
  authRateLimit: RateLimitConfig;
  /** Failed sign-ins per account before it answers 429 for the rest of the window. */
  loginFailures: RateLimitConfig;
  /** Password hashes computed at once, and how many more may wait before 503. */
  kdf: { concurrency: number; queue: number };
  writeBudget: WriteBudgetConfig;
  /** Messages one user may have stored. */
  messageQuota: number;
  /** Streams one user may hold open at once. */
  streamsPerUser: number;
  attachments: AttachmentConfig;
  /** Time a client has to send its request headers, and its whole request (the body included). */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  accessTokenTtlSeconds: number;
  heartbeatMs: number;
  logLevel: string;
  /** Browser origins other than the server's own that may call the API: the desktop app's `app://cleanchat`. */
  corsOrigins: string[];
}

export const DEFAULT_CONFIG: Omit<ServerConfig, 'dataDir' | 'jwtSecret'> = {
  demo: false,
  redisPrefix: 'cleanchat:',
  presenceTtlMs: 5_000,
  trustProxy: false,
  rateLimit: { windowMs: 10_000, max: 600 },
  authRateLimit: { windowMs: 60_000, max: 20 },
  loginFailures: { windowMs: 15 * 60_000, max: 10 },
  kdf: { concurrency: 2, queue: 32 },
  writeBudget: { rows: 600, windowMs: 10_000, burstRows: 6_000, burstWindowMs: 10 * 60_000 },
  messageQuota: 200_000,
  streamsPerUser: 10,
  attachments: {
    quotaBytes: 1024 * 1024 * 1024,
    uploadBytes: 200 * 1024 * 1024,
    windowMs: 10 * 60_000,
    graceMs: 24 * 60 * 60_000,
    sweepEveryMs: 60 * 60_000,
  },
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  accessTokenTtlSeconds: ACCESS_TOKEN_TTL_SECONDS,
  heartbeatMs: STREAM_HEARTBEAT_MS,
  logLevel: 'info',
  corsOrigins: ['app://cleanchat'],
};

/** HS256 is only as strong as its key: below 256 bits a secret can be guessed and tokens forged. */
export const JWT_SECRET_MIN_BYTES = 32;

/**
 * Refuses a JWT secret shorter than JWT_SECRET_MIN_BYTES (UTF-8 bytes), saying why: with a short
 * secret anyone can guess it offline from one token and sign tokens for any user.
 */
export function checkJwtSecret(secret: string, source = 'JWT_SECRET'): string {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < JWT_SECRET_MIN_BYTES) {
    throw new Error(
      `${source} is ${bytes} byte${bytes === 1 ? '' : 's'}; it must be at least ${JWT_SECRET_MIN_BYTES} bytes, or access tokens ` +
        'could be forged by guessing it. Unset JWT_SECRET to have a strong one generated in DATA_DIR, ' +
        'or use e.g. `openssl rand -base64 48`.',
    );
  }
  return secret;
}

/**
 * The JWT secret: JWT_SECRET when set, else one generated on first run and kept in DATA_DIR
 * (mode 0600) so tokens survive restarts. Either must be long enough (checkJwtSecret).
 */
export function resolveJwtSecret(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return checkJwtSecret(fromEnv);
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return checkJwtSecret(readFileSync(file, 'utf8').trim(), file);
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** TRUST_PROXY: unset or empty trusts no proxy; a number is a hop count; else Express's list syntax. */
export function parseTrustProxy(text: string | undefined): ServerConfig['trustProxy'] {
  if (text === undefined || text.trim() === '') return false;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  return text.trim();
}

export function configFromEnv(env: NodeJS.ProcessEnv): ServerConfig & { port: number; host: string } {
  const dataDir = env.DATA_DIR || './data';
  mkdirSync(dataDir, { recursive: true });
  const port = env.PORT === undefined || env.PORT === '' ? 8787 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0–65535, got "${env.PORT}"`);
  const d = DEFAULT_CONFIG;
  return {
    ...d,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || d.redisPrefix,
    presenceTtlMs: positiveInt('PRESENCE_TTL_MS', env, d.presenceTtlMs),
    jwtSecret: resolveJwtSecret(dataDir, env.JWT_SECRET),
    demo: env.DEMO === '1' || env.DEMO === 'true',
    webDir: env.WEB_DIR || undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL || d.logLevel,
    rateLimit: { windowMs: d.rateLimit.windowMs, max: positiveInt('RATE_LIMIT_MAX', env, d.rateLimit.max) },
    authRateLimit: { windowMs: d.authRateLimit.windowMs, max: positiveInt('AUTH_RATE_LIMIT_MAX', env, d.authRateLimit.max) },
    loginFailures: { windowMs: d.loginFailures.windowMs, max: positiveInt('LOGIN_FAILURES_MAX', env, d.loginFailures.max) },
    kdf: { concurrency: positiveInt('KDF_CONCURRENCY', env, d.kdf.concurrency), queue: positiveInt('KDF_QUEUE', env, d.kdf.queue) },
    writeBudget: {
      ...d.writeBudget,
      rows: positiveInt('WRITE_ROWS_MAX', env, d.writeBudget.rows),
      burstRows: positiveInt('WRITE_BURST_ROWS', env, d.writeBudget.burstRows),
    },
    messageQuota: positiveInt('MESSAGE_QUOTA', env, d.messageQuota),
    streamsPerUser: positiveInt('STREAMS_PER_USER', env, d.streamsPerUser),
    attachments: {
      ...d.attachments,
      quotaBytes: positiveInt('ATTACHMENT_QUOTA_BYTES', env, d.attachments.quotaBytes),
      uploadBytes: positiveInt('UPLOAD_BYTES_MAX', env, d.attachments.uploadBytes),
      graceMs: positiveInt('ATTACHMENT_GRACE_MS', env, d.attachments.graceMs),
    },
    corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((o) => o.trim()) : d.corsOrigins,
    port,
    host: env.HOST || '127.0.0.1',
  };
}

function positiveInt(name: string, env: NodeJS.ProcessEnv, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${text}"`);
  return n;
}
