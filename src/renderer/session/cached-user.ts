import type { UserDoc } from '../../shared/schemas';

// No imports with a body: main.tsx reads this before React's modules evaluate (early-start.ts).
const KEY = 'cleanchat.session-user';

/**
 * The signed-in user's own record, kept so the app opens with its local data after a restart
 * without network. Not a secret (the refresh token lives in the platform's secure store).
 */
export function readCachedUser(): UserDoc | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<UserDoc> | null;
    return value && typeof value.id === 'string' && typeof value.username === 'string'
      ? (value as UserDoc)
      : null;
  } catch {
    return null;
  }
}

export function writeCachedUser(user: UserDoc): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(user));
  } catch {
    // Storage full or disabled: the app still works, it just cannot start offline next time.
  }
}

export function clearCachedUser(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing to clear.
  }
}
