import type { ReactionDoc } from '../shared';
import { inList, listParam, type Sql } from './sql';

/** A stored reaction; `removed` rows stay so the removal reaches everyone as a deleted document. */
export type ReactionRow = ReactionDoc & { removed: number };

export function createReactionsRepo(sql: Sql) {
  return {
    byId: (id: string) => sql.get<ReactionRow>('SELECT * FROM reactions WHERE id = ?', [id]),
    byIds: (ids: readonly string[]) => sql.all<ReactionRow>(`SELECT * FROM reactions WHERE id ${inList(sql)}`, [listParam(sql, ids)]),
    /** Adds, changes or revives a reaction (the id is the message and the person). */
    put: async (r: ReactionDoc) =>
      void (await sql.run(
        `INSERT INTO reactions (id, message_id, room_id, user_id, emoji, removed, updated_at)
         VALUES (@id, @message_id, @room_id, @user_id, @emoji, 0, @updated_at)
         ON CONFLICT (id) DO UPDATE SET emoji = excluded.emoji, removed = 0, updated_at = excluded.updated_at`,
        r,
      )),
    /** Marks a reaction removed; true when there was a live one. */
    remove: async (id: string, now: string) =>
      (await sql.run('UPDATE reactions SET removed = 1, updated_at = ? WHERE id = ? AND removed = 0', [now, id])) === 1,
  };
}
