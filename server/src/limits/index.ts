import type { ServerConfig } from '../config';
import type { DB } from '../db/database';
import { createKdfGate } from './kdf-gate';
import { createLoginGuard } from './login-guard';
import { createMessageQuota } from './quota';
import { createRowBudget } from './row-budget';

/** The server's budgets besides the per-request limits: KDF work, failed sign-ins, rows, storage. */
export function createLimits(config: ServerConfig, db: DB) {
  return {
    kdf: createKdfGate(config.kdf),
    logins: createLoginGuard(config.loginFailures),
    rows: createRowBudget(config.writeBudget),
    quota: createMessageQuota(db, config.messageQuota),
  };
}

export type Limits = ReturnType<typeof createLimits>;
