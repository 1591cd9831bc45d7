import type { ServerConfig } from '../config';
import type { Sql } from '../db/sql';
import { createKdfGate } from './kdf-gate';
import { createLoginGuard } from './login-guard';
import { createMessageQuota } from './quota';
import { createRowBudget } from './row-budget';

/** The server's budgets besides the per-request limits: KDF work, failed sign-ins, rows, storage. */
export function createLimits(config: ServerConfig, sql: Sql) {
  return {
    kdf: createKdfGate(config.kdf),
    logins: createLoginGuard(config.loginFailures),
    rows: createRowBudget(config.writeBudget),
    quota: createMessageQuota(sql, config.messageQuota),
  };
}

export type Limits = ReturnType<typeof createLimits>;
