import type { PublicUser, UserDoc, UserRole } from '../shared';
import { inList, jsonObject, listParam, type Sql } from './sql';

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

/**
 * `publicUser` of the row `alias` as JSON text built by the database (`jsonObject`), byte for
 * byte what `JSON.stringify(publicUser(row))` writes (read-path.test.ts checks it on both).
 */
export function publicUserJson(sql: Sql, alias: string): string {
  const fields = ['id', 'username', 'first_name', 'last_name', 'role', 'avatar_url', 'created_at', 'updated_at'] as const;
  return jsonObject(sql, Object.fromEntries(fields.map((f) => [f, [`${alias}.${f}`, 'value'] as const])));
}

export function createUsersRepo(sql: Sql) {
  const pg = sql.dialect === 'postgres';
  // SQLite's columns are COLLATE NOCASE; PostgreSQL's unique indexes are on lower(...).
  const same = (column: string, param: string) => (pg ? `lower(${column}) = lower(${param})` : `${column} = ${param}`);
  const like = pg ? 'ILIKE' : 'LIKE';
  const nocase = (column: string) => (pg ? `lower(${column})` : `${column} COLLATE NOCASE`);
  const insert =
    `INSERT INTO users (id, username, email, password_hash, first_name, last_name, role, avatar_url, created_at, updated_at)
     VALUES (@id, @username, @email, @password_hash, @first_name, @last_name, @role, @avatar_url, @created_at, @updated_at)`;
  const search = `SELECT * FROM users
     WHERE id != @exclude
       AND (CAST(@role AS TEXT) IS NULL OR role = @role)
       AND (@q = '' OR username ${like} @like ESCAPE '\\' OR first_name ${like} @like ESCAPE '\\' OR last_name ${like} @like ESCAPE '\\'
            OR (first_name || ' ' || last_name) ${like} @like ESCAPE '\\' OR ${same('email', '@q')})
     ORDER BY ${nocase('first_name')}, ${nocase('last_name')}, username
     LIMIT @limit`;

  return {
    insert: async (row: UserRow) => void (await sql.run(insert, { ...row })),
    byId: (id: string) => sql.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]),
    /** Many users in one statement (the DM list's participants), in no particular order. */
    byIds: async (ids: string[]): Promise<UserRow[]> =>
      ids.length === 0 ? [] : sql.all<UserRow>(`SELECT * FROM users WHERE id ${inList(sql)}`, [listParam(sql, ids)]),
    byUsername: (username: string) => sql.get<UserRow>(`SELECT * FROM users WHERE ${same('username', '?')}`, [username]),
    byEmail: (email: string) => sql.get<UserRow>(`SELECT * FROM users WHERE ${same('email', '?')}`, [email]),
    /** Every account with this role (support rooms take in every `support` user). */
    idsWithRole: async (role: UserRole) =>
      (await sql.all<{ id: string }>('SELECT id FROM users WHERE role = ? ORDER BY id', [role])).map((r) => r.id),
    count: async () => (await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))?.n ?? 0,
    /** Name, username or exact email (case-insensitive); never the caller. */
    search(q: string, role: UserRole | undefined, exclude: string, limit: number): Promise<UserRow[]> {
      const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
      return sql.all<UserRow>(search, { q, like: `%${escaped}%`, role: role ?? null, exclude, limit });
    },
  };
}
