import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import { createAttachmentsRepo } from '../db/attachments';
import type { Sql } from '../db/sql';
import type { SharedStore } from '../middleware';
import { createLocalSlots, createRedisSlots } from '../realtime/stream-slots';
import { createAttachmentLimits } from './attachment-limits';
import { createKdfGate } from './kdf-gate';
import { createLoginGuard } from './login-guard';
import { createMessageQuota } from './quota';
import { createRowBudget } from './row-budget';

/**
 * The server's budgets besides the per-request limits: KDF work, failed sign-ins, rows, storage
 * (messages, and attachment bytes uploaded and held),
 * open streams. With `shared` (REDIS_URL) the counters that concern a user or an address live in
 * Redis, so N instances enforce one limit, not N; KDF work is each machine's own CPU and stays local.
 */
export function createLimits(config: ServerConfig, sql: Sql, log: Logger, shared?: SharedStore) {
  return {
    /** For the request limiters (middleware.ts), which are built per route. */
    shared,
    kdf: createKdfGate(config.kdf),
    /** Photo re-encoding is CPU work on the same small thread pool: bounded the same way. */
    images: createKdfGate({ concurrency: 2, queue: 16 }, 'The server is busy processing photos; try again in a moment'),
    logins: createLoginGuard(config.loginFailures, shared),
    rows: createRowBudget(config.writeBudget, shared),
    quota: createMessageQuota(sql, config.messageQuota),
    attachments: createAttachmentLimits(config.attachments, createAttachmentsRepo(sql), shared),
    streams: shared
      ? createRedisSlots(shared.redis, shared.prefix, config.presenceTtlMs, log)
      : createLocalSlots(),
  };
}

export type Limits = ReturnType<typeof createLimits>;
