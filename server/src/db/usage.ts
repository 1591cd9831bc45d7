import type { Sql } from './sql';

/** What one user has stored, for quotas. Counts read the `messages_sender` index (migration 4). */
export function createUsageRepo(sql: Sql) {
  return {
    messagesBy: async (userId: string) =>
      (await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM messages WHERE sender_id = ?', [userId]))?.n ??
      0,
    /** Which of these message ids are already stored (a replay adds nothing to a quota). */
    async storedMessageIds(ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const marks = ids.map(() => '?').join(', ');
      const rows = await sql.all<{ id: string }>(`SELECT id FROM messages WHERE id IN (${marks})`, ids);
      return new Set(rows.map((r) => r.id));
    },
  };
}
