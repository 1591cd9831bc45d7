import { useLayoutEffect } from 'react';
import { useAppStore } from '../../store';

/** The part of Web Storage drafts need; localStorage in the app, a fake in tests. */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** One key per signed-in user, so two accounts on one device never see each other's drafts. */
export function draftsKey(userId: string): string {
  return `cleanchat:drafts:${userId}`;
}

/** The drafts stored on this device for a user; anything unreadable counts as none. */
export function loadDrafts(userId: string, storage: DraftStorage): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(draftsKey(userId)) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  } catch {
    return {};
  }
}

/** Writes the drafts, or removes the key when there are none. */
export function saveDrafts(userId: string, drafts: Record<string, string>, storage: DraftStorage): void {
  try {
    if (Object.keys(drafts).length === 0) storage.removeItem(draftsKey(userId));
    else storage.setItem(draftsKey(userId), JSON.stringify(drafts));
  } catch {
    // A full or blocked storage only costs the drafts' survival across a restart.
  }
}

/** Sign-out forgets the user's drafts along with the rest of their local data. */
export function forgetDrafts(userId: string, storage: DraftStorage = localStorage): void {
  storage.removeItem(draftsKey(userId));
}

/**
 * Keeps the signed-in user's drafts on this device across restarts (SPEC §5). Drafts are UI
 * state in the store; this mirrors them to localStorage, which is never synced to the server.
 */
export function useDeviceDrafts(userId: string, storage: DraftStorage = localStorage): void {
  useLayoutEffect(() => {
    const stored = loadDrafts(userId, storage);
    // What was typed before this ran (nothing, normally) wins over what was stored.
    useAppStore.setState((state) => ({ drafts: { ...stored, ...state.drafts } }));
    saveDrafts(userId, useAppStore.getState().drafts, storage);
    return useAppStore.subscribe((state, previous) => {
      if (state.drafts !== previous.drafts) saveDrafts(userId, state.drafts, storage);
    });
  }, [userId, storage]);
}
