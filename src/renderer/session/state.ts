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

export { clearCachedUser, readCachedUser, writeCachedUser } from './cached-user';
