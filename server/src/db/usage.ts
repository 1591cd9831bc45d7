import { createMessagesRepo } from './messages';
import { inList, listParam, type Sql } from './sql';

/**
 * What one user has stored, for quotas. The count is the sender's counter (migration 15), one
 * row whatever they have stored; counting their messages cost what they had sent (200,000 rows
 * for a user at the quota) on every push.
 */
export function createUsageRepo(sql: Sql) {
  const messages = createMessagesRepo(sql);
  return {
    messagesBy: (userId: string) => messages.storedBy(userId),
    /** Which of these message ids are already stored (a replay adds nothing to a quota). */
    async storedMessageIds(ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      // One parameter, so one prepared statement serves every batch size.
      const rows = await sql.all<{ id: string }>(`SELECT id FROM messages WHERE id ${inList(sql)}`, [listParam(sql, ids)]);
      return new Set(rows.map((r) => r.id));
    },
  };
}
