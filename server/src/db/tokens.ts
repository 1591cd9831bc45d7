import type { DB } from './database';

export interface RefreshTokenRow {
  token_hash: string;
  user_id: string;
  family_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export function createTokensRepo(db: DB) {
  const insert = db.prepare(
    `INSERT INTO refresh_tokens (token_hash, user_id, family_id, created_at, expires_at, used_at, revoked_at)
     VALUES (@token_hash, @user_id, @family_id, @created_at, @expires_at, NULL, NULL)`,
  );
  const byHash = db.prepare<[string], RefreshTokenRow>('SELECT * FROM refresh_tokens WHERE token_hash = ?');
  const markUsed = db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL');
  const revokeFamily = db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL');
  // A family is live while it has a row and none is revoked (revokeFamily marks them all).
  const familyLive = db.prepare<[string, string], { live: number }>(
    `SELECT COUNT(*) > 0 AND COUNT(revoked_at) = 0 AS live FROM refresh_tokens WHERE family_id = ? AND user_id = ?`,
  );
  return {
    insert: (row: Omit<RefreshTokenRow, 'used_at' | 'revoked_at'>) => void insert.run(row),
    byHash: (hash: string) => byHash.get(hash),
    /** True when this call consumed the token (false when it was already used). */
    markUsed: (hash: string, at: string) => markUsed.run(at, hash).changes === 1,
    revokeFamily: (familyId: string, at: string) => void revokeFamily.run(at, familyId),
    /** Is this session (refresh-token family) of this user still signed in? Checked on every request. */
    sessionLive: (familyId: string, userId: string) => familyLive.get(familyId, userId)?.live === 1,
  };
}
