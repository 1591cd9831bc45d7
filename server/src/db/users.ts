import type { PublicUser, UserDoc, UserRole } from '../shared';
import type { DB } from './database';

export interface UserRow {
  id: string;
  username: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  role: UserRole;
  avatar_url: string | null;
  created_at: string;
  updated_at: string;
}

/** The wire record: `email` only for the user themself (SPEC §2). */
export function userDoc(row: UserRow, viewerId: string): UserDoc {
  const doc: UserDoc = {
    id: row.id,
    username: row.username,
    first_name: row.first_name,
    last_name: row.last_name,
    role: row.role,
    avatar_url: row.avatar_url,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
  if (row.id === viewerId) doc.email = row.email;
  return doc;
}

/** The record as anyone else sees it: never an email. */
export function publicUser(row: UserRow): PublicUser {
  const { email: _email, ...pub } = userDoc(row, '');
  return pub;
}

export function createUsersRepo(db: DB) {
  const insert = db.prepare(
    `INSERT INTO users (id, username, email, password_hash, first_name, last_name, role, avatar_url, created_at, updated_at)
     VALUES (@id, @username, @email, @password_hash, @first_name, @last_name, @role, @avatar_url, @created_at, @updated_at)`,
  );
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byUsername = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const search = db.prepare<{ q: string; like: string; role: string | null; exclude: string; limit: number }, UserRow>(
    `SELECT * FROM users
     WHERE id != @exclude
       AND (@role IS NULL OR role = @role)
       AND (@q = '' OR username LIKE @like ESCAPE '\\' OR first_name LIKE @like ESCAPE '\\' OR last_name LIKE @like ESCAPE '\\'
            OR (first_name || ' ' || last_name) LIKE @like ESCAPE '\\' OR email = @q)
     ORDER BY first_name COLLATE NOCASE, last_name COLLATE NOCASE, username
     LIMIT @limit`,
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users');
  const byIds = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))');

  return {
    insert: (row: UserRow) => void insert.run(row),
    byId: (id: string) => byId.get(id),
    /** Many users in one statement (the DM list's participants), in no particular order. */
    byIds: (ids: string[]) => (ids.length === 0 ? [] : byIds.all(JSON.stringify(ids))),
    byUsername: (username: string) => byUsername.get(username),
    byEmail: (email: string) => byEmail.get(email),
    count: () => count.get()?.n ?? 0,
    /** Name, username or exact email (case-insensitive); never the caller. */
    search(q: string, role: UserRole | undefined, exclude: string, limit: number): UserRow[] {
      const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
      return search.all({ q, like: `%${escaped}%`, role: role ?? null, exclude, limit });
    },
  };
}
