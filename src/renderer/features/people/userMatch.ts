import type { PublicUser, SearchUser } from '../../../shared/api';
import type { UserDoc } from '../../../shared/schemas';
import type { Presence } from '../../db';

/**
 * The local twin of the server's user search (SPEC §3): a part of the first name, last name,
 * full name or username, or the exact email. Used when the server cannot be reached.
 */
export function matchesUserQuery(user: PublicUser | UserDoc, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const full = `${user.first_name} ${user.last_name}`.toLowerCase();
  if (full.includes(q) || user.username.toLowerCase().includes(q)) return true;
  return 'email' in user && typeof user.email === 'string' && user.email.toLowerCase() === q;
}

/** Known local users matching a query and role, as search results (presence from the store). */
export function localSearch(
  users: readonly UserDoc[],
  query: string,
  role: string | undefined,
  online: Record<string, boolean>,
): SearchUser[] {
  return users
    .filter((u) => (!role || u.role === role) && matchesUserQuery(u, query))
    .sort((a, b) => `${a.first_name} ${a.last_name}`.localeCompare(`${b.first_name} ${b.last_name}`))
    .map((u) => toSearchUser(u, online[u.id] === true));
}

/** A public user record (no email) with presence. */
export function toSearchUser(user: UserDoc | PublicUser, isOnline: boolean): SearchUser {
  const { id, username, first_name, last_name, role, avatar_url, created_at, updated_at } = user;
  return { id, username, first_name, last_name, role, avatar_url, created_at, updated_at, is_online: isOnline };
}

/**
 * A result's presence: unknown while I am offline (the flag was true or false when last heard,
 * and a local result's comes from a stream that is down) and where the server gives none.
 */
export function resultPresence(user: { is_online: boolean | null }, connected: boolean): Presence {
  if (!connected || user.is_online === null) return 'unknown';
  return user.is_online ? 'online' : 'offline';
}

/** The user record without the presence flag, as the local database stores it. */
export function toPublicUser(user: SearchUser): PublicUser {
  const { is_online: _online, ...rest } = user;
  return rest;
}
