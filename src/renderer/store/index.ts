import { create, type StateCreator } from 'zustand';

export type Tab = 'job' | 'direct';
export type Filter = 'active' | 'archived' | 'all';
export type Connection = 'offline' | 'connecting' | 'online';

export interface UiSlice {
  tab: Tab;
  setTab(tab: Tab): void;
  filter: Filter;
  setFilter(filter: Filter): void;
  activeRoomId: string | null;
  setActiveRoomId(id: string | null): void;
  /** The one place for user-visible errors; the shell shows it and lets the user dismiss it. */
  notice: string | null;
  setNotice(text: string | null): void;
}

export interface DraftSlice {
  /** Unsent composer text per room, kept while the user moves between rooms. */
  drafts: Record<string, string>;
  setDraft(roomId: string, text: string): void;
}

/** What the composer of a room is doing besides writing a new message. */
export type ComposeTarget = { kind: 'reply'; messageId: string } | { kind: 'edit'; messageId: string; text: string };

export interface ComposeSlice {
  /** Per room: the message being replied to or edited, until sent or cancelled. */
  composeTargets: Record<string, ComposeTarget>;
  setComposeTarget(roomId: string, target: ComposeTarget | null): void;
}

/** Written only by the sync layer (src/renderer/db); components read it. */
export interface SyncSlice {
  connection: Connection;
  syncError: string | null;
  /** roomId -> userId -> expiresAt (epoch ms, local clock). */
  typing: Record<string, Record<string, number>>;
  /** userId -> online, from presence events; cleared while the stream is down. */
  online: Record<string, boolean>;
}

/** UI state only; RxDB owns the data (STYLE.md). */
export type AppState = UiSlice & DraftSlice & ComposeSlice & SyncSlice;

type Slice<T> = StateCreator<AppState, [], [], T>;

const initialUi = { tab: 'direct', filter: 'active', activeRoomId: null, notice: null } as const;
const initialSync: SyncSlice = { connection: 'connecting', syncError: null, typing: {}, online: {} };

export const createUiSlice: Slice<UiSlice> = (set) => ({
  ...initialUi,
  setTab: (tab) => set({ tab }),
  setFilter: (filter) => set({ filter }),
  setActiveRoomId: (activeRoomId) => set({ activeRoomId }),
  setNotice: (notice) => set({ notice }),
});

export const createDraftSlice: Slice<DraftSlice> = (set) => ({
  drafts: {},
  setDraft: (roomId, text) =>
    set((state) => {
      if (text === '') {
        if (!(roomId in state.drafts)) return state;
        const { [roomId]: _removed, ...rest } = state.drafts;
        return { drafts: rest };
      }
      if (state.drafts[roomId] === text) return state;
      return { drafts: { ...state.drafts, [roomId]: text } };
    }),
});

export const createComposeSlice: Slice<ComposeSlice> = (set) => ({
  composeTargets: {},
  setComposeTarget: (roomId, target) =>
    set((state) => {
      const { [roomId]: _previous, ...rest } = state.composeTargets;
      return { composeTargets: target ? { ...rest, [roomId]: target } : rest };
    }),
});

export const createSyncSlice: Slice<SyncSlice> = () => ({ ...initialSync });

export const useAppStore = create<AppState>()((...args) => ({
  ...createUiSlice(...args),
  ...createDraftSlice(...args),
  ...createComposeSlice(...args),
  ...createSyncSlice(...args),
}));

/** Back to a fresh state after sign-out, so nothing of the previous user stays in memory. */
export function resetAppStore(): void {
  useAppStore.setState({ ...initialUi, ...initialSync, drafts: {}, composeTargets: {} });
}
