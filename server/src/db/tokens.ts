import type { Sql } from './sql';

export interface RefreshTokenRow {
  token_hash: string;
  user_id: string;
  family_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export function createTokensRepo(sql: Sql) {
  return {
    insert: async (row: Omit<RefreshTokenRow, 'used_at' | 'revoked_at'>) =>
      void (await sql.run(
        `INSERT INTO refresh_tokens (token_hash, user_id, family_id, created_at, expires_at, used_at, revoked_at)
         VALUES (@token_hash, @user_id, @family_id, @created_at, @expires_at, NULL, NULL)`,
        { ...row },
      )),
    byHash: (hash: string) =>
      sql.get<RefreshTokenRow>('SELECT * FROM refresh_tokens WHERE token_hash = ?', [hash]),
    /** True when this call consumed the token (false when it was already used). */
    markUsed: async (hash: string, at: string) =>
      (await sql.run('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', [
        at,
        hash,
      ])) === 1,
    /**
     * Has the session moved on since `at`: was any of its tokens used later? A token whose answer
     * was lost (the page closed during the refresh) leaves a successor nobody ever used.
     */
    async usedSince(familyId: string, at: string): Promise<boolean> {
      const row = await sql.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM refresh_tokens WHERE family_id = ? AND used_at > ?',
        [familyId, at],
      );
      return Number(row?.n ?? 0) > 0;
    },
    revokeFamily: async (familyId: string, at: string) =>
      void (await sql.run(
        'UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL',
        [at, familyId],
      )),
    /**
     * Is this session (refresh-token family) of this user still signed in, and the user still
     * there? Checked on every request, in one statement (the user was a second one).
     */
    async sessionLive(familyId: string, userId: string): Promise<boolean> {
      // A family is live while it has a row and none is revoked (revokeFamily marks them all).
      const row = await sql.get<{ live: number }>(
        `SELECT CASE WHEN COUNT(*) > 0 AND COUNT(revoked_at) = 0 THEN 1 ELSE 0 END AS live
         FROM refresh_tokens WHERE family_id = ? AND user_id = ? AND EXISTS (SELECT 1 FROM users WHERE id = ?)`,
        [familyId, userId, userId],
      );
      return row?.live === 1;
    },
  };
}
