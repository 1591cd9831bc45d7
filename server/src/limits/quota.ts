import { createUsageRepo } from '../db/usage';
import type { Sql } from '../db/sql';
import { AppError } from '../errors';

/**
 * The per-user storage quota: how many messages one account may have stored. A write that would
 * pass it stores nothing and answers 403 `quota_exceeded`; the client keeps the rows and can
 * send them once the quota is raised. Rows already stored (replays, edits) are free.
 */
export function createMessageQuota(sql: Sql, max: number) {
  const usage = createUsageRepo(sql);
  return {
    /**
     * Throws unless the user may store the messages about to be written: ids already stored cost
     * nothing, and an id not given (the server will make one) is a new message.
     */
    async require(userId: string, messageIds: Array<string | undefined>): Promise<void> {
      if (messageIds.length === 0) return;
      const given = messageIds.filter((id): id is string => id !== undefined);
      const stored = await usage.storedMessageIds(given);
      const added = new Set(given.filter((id) => !stored.has(id))).size + (messageIds.length - given.length);
      if (added === 0) return;
      if ((await usage.messagesBy(userId)) + added > max) {
        throw new AppError('quota_exceeded', `This account has reached its limit of ${max} stored messages; nothing was stored`);
      }
    },
  };
}

export type MessageQuota = ReturnType<typeof createMessageQuota>;
