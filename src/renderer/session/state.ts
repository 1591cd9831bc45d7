import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { UserDoc } from '../../shared/schemas';

export type SessionStatus = 'loading' | 'signed-out' | 'signed-in';

interface SessionState {
  status: SessionStatus;
  user: UserDoc | null;
}

export const useSessionStore = create<SessionState>()(() => ({ status: 'loading', user: null }));

export function setSessionState(next: SessionState): void {
  useSessionStore.setState(next);
}

export function useSession(): { status: SessionStatus; user: UserDoc | null } {
  return useSessionStore(useShallow((state) => ({ status: state.status, user: state.user })));
}

/** The signed-in user. Only for components inside the signed-in tree. */
export function useMe(): UserDoc {
  const user = useSessionStore((state) => state.user);
  if (!user) throw new Error('useMe() is only available while signed in.');
  return user;
}

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
