import type { RoomListItem } from '../../db';

/** At most this many conversations are offered at once; typing narrows the rest. */
export const SWITCHER_LIMIT = 20;

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words a conversation can be found by: its title, the other person, the job. */
export function searchableText(item: RoomListItem): string {
  const { peer, job, room } = item;
  const parts = [item.title, room.name, peer?.first_name, peer?.last_name, peer?.username, job?.title];
  return fold(parts.filter(Boolean).join(' '));
}

/**
 * The conversations offered for a query, most recent activity first (the list's own order):
 * every word of the query must start a word of the conversation's names ("bo bu" finds
 * "Bob Builder"). An empty query offers the most recent ones.
 */
export function switcherMatches(items: readonly RoomListItem[], query: string): RoomListItem[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const found = items.filter((item) => {
    const tokens = searchableText(item).split(/[^\p{L}\p{N}]+/u);
    return words.every((w) => tokens.some((t) => t.startsWith(w)));
  });
  return found.slice(0, SWITCHER_LIMIT);
}

/** Whether a key press opens the switcher: Ctrl+K, or Cmd+K on a Mac. */
export function isSwitcherKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/** The next highlighted option for a navigation key, or null when the key is not one. */
export function nextActive(key: string, active: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return (active + 1) % count;
  if (key === 'ArrowUp') return (active - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
