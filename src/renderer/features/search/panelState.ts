import { create } from 'zustand';

/**
 * Whether the search panel is open, and over what: every conversation, or one room. UI state
 * of this feature alone (the shortcut, the header button and the panel share it), kept beside
 * it rather than in the app store so the feature stays in its own folder.
 */
interface SearchPanelState {
  open: boolean;
  /** The room searched in, or null for every conversation. */
  roomId: string | null;
  openSearch(roomId: string | null): void;
  closeSearch(): void;
}

export const useSearchPanel = create<SearchPanelState>()((set) => ({
  open: false,
  roomId: null,
  openSearch: (roomId) => set({ open: true, roomId }),
  closeSearch: () => set({ open: false }),
}));

type Keys = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/**
 * The search shortcuts: Ctrl/Cmd+Shift+F searches every conversation, Ctrl/Cmd+F the open room
 * (or every conversation when none is open). Null for any other key.
 */
export function searchShortcut(event: Keys): 'all' | 'room' | null {
  if (event.key.toLowerCase() !== 'f' || !(event.ctrlKey || event.metaKey) || event.altKey) return null;
  return event.shiftKey ? 'all' : 'room';
}
