import { useCallback, useSyncExternalStore } from 'react';

/** What a cleaner starts with (issue 10). */
export const DEFAULT_QUICK_REPLIES: readonly string[] = ['On my way', 'Running 10 minutes late', 'Finished — photos attached'];
/** A short list: the menu is for a handful of ready answers, not a library. */
export const QUICK_REPLIES_MAX = 10;
export const QUICK_REPLY_MAX_CHARS = 200;

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

export function quickRepliesKey(userId: string): string {
  return `cleanchat:quick-replies:${userId}`;
}

/**
 * Cleans a list as the user edits it: trimmed, no empty or repeated entries, at most
 * QUICK_REPLIES_MAX of at most QUICK_REPLY_MAX_CHARS characters each.
 */
export function normalizeQuickReplies(list: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string') continue;
    const text = [...item.trim()].slice(0, QUICK_REPLY_MAX_CHARS).join('');
    if (text && !out.includes(text)) out.push(text);
  }
  return out.slice(0, QUICK_REPLIES_MAX);
}

/** The user's list on this device; the defaults until they have saved one (an empty list included). */
export function loadQuickReplies(userId: string, storage: Storage): string[] {
  try {
    const raw = storage.getItem(quickRepliesKey(userId));
    if (raw === null) return [...DEFAULT_QUICK_REPLIES];
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? normalizeQuickReplies(parsed) : [...DEFAULT_QUICK_REPLIES];
  } catch {
    return [...DEFAULT_QUICK_REPLIES];
  }
}

/**
 * The replies offered for what follows "/" in the composer: those containing the typed words,
 * case ignored, in the user's order. Null when the draft is not a "/" command.
 */
export function quickReplyMatches(draft: string, replies: readonly string[]): string[] | null {
  if (!draft.startsWith('/') || draft.includes('\n')) return null;
  const query = draft.slice(1).trim().toLowerCase();
  return replies.filter((r) => r.toLowerCase().includes(query));
}

const listeners = new Set<() => void>();
const cache = new Map<string, string[]>();

/**
 * A user's quick replies, stored only on this device for now (localStorage, never synced), and
 * a setter that saves them. Every screen using the hook sees an edit at once.
 */
export function useQuickReplies(userId: string, storage: Storage = localStorage): [string[], (list: readonly string[]) => void] {
  const subscribe = useCallback((listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  const read = useCallback(() => {
    let list = cache.get(userId);
    if (!list) cache.set(userId, (list = loadQuickReplies(userId, storage)));
    return list;
  }, [userId, storage]);
  const list = useSyncExternalStore(subscribe, read);
  const save = useCallback(
    (next: readonly string[]) => {
      const clean = normalizeQuickReplies(next);
      cache.set(userId, clean);
      try {
        storage.setItem(quickRepliesKey(userId), JSON.stringify(clean));
      } catch {
        // Kept for this session even when storage refuses the write.
      }
      for (const listener of listeners) listener();
    },
    [userId, storage],
  );
  return [list, save];
}
