import type { DB } from './database';

/** What one user has stored, for quotas. Counts read the `messages_sender` index (migration 4). */
export function createUsageRepo(db: DB) {
  const messagesBy = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM messages WHERE sender_id = ?');
  const existingIds = db.prepare<[string], { id: string }>('SELECT id FROM messages WHERE id IN (SELECT value FROM json_each(?))');
  return {
    messagesBy: (userId: string) => messagesBy.get(userId)?.n ?? 0,
    /** Which of these message ids are already stored (a replay adds nothing to a quota). */
    storedMessageIds: (ids: string[]) => new Set(existingIds.all(JSON.stringify(ids)).map((r) => r.id)),
  };
}
