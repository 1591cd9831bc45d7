import { useEffect, useState } from 'react';
import { describeError, getApi } from '../../api/client';
import type { SearchUser } from '../../../shared/api';
import type { UserRole } from '../../../shared/schemas';

export const SEARCH_DEBOUNCE_MS = 250;

export interface UserSearchState {
  status: 'idle' | 'loading' | 'done' | 'error';
  users: SearchUser[];
  error: string | null;
}

interface Settled {
  key: string;
  users: SearchUser[];
  error: string | null;
}

/**
 * Server-side user search, debounced. An empty query is idle. While a new query is in flight
 * the previous results stay visible, so the list does not flicker while typing.
 */
export function useUserSearch(query: string, role?: UserRole, debounceMs = SEARCH_DEBOUNCE_MS): UserSearchState {
  const q = query.trim();
  const key = `${role ?? ''}|${q}`;
  const [settled, setSettled] = useState<Settled | null>(null);

  useEffect(() => {
    if (!q) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      getApi()
        .searchUsers(q, role)
        .then(
          (users) => {
            if (!cancelled) setSettled({ key, users, error: null });
          },
          (err: unknown) => {
            if (!cancelled) setSettled({ key, users: [], error: describeError(err) });
          },
        );
    }, debounceMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [q, role, key, debounceMs]);

  if (!q) return { status: 'idle', users: [], error: null };
  if (!settled || settled.key !== key) return { status: 'loading', users: settled?.users ?? [], error: null };
  return { status: settled.error ? 'error' : 'done', users: settled.users, error: settled.error };
}
