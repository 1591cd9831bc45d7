import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomListItem } from '../../db';
import { useAppStore } from '../../store';
import { makeItem, makeMembership, makeRoom, makeUser } from '../testing/fixtures';
import { ConversationList } from './ConversationList';

const db = vi.hoisted(() => ({
  lists: {} as Record<string, RoomListItem[]>,
  totals: { job: 0, direct: 0, total: 0 },
  /** Row renders by room: RoomRow asks for the room's typing users once per render. */
  rowRenders: {} as Record<string, number>,
}));

vi.mock('../../db', () => ({
  useRoomList: vi.fn((tab: string, filter: string) => ({ items: db.lists[`${tab}/${filter}`] ?? [], loading: false })),
  useUnreadTotals: () => db.totals,
  usePresence: (id: string | null | undefined) => (id === 'bob' ? 'online' : 'offline'),
  useTypingUsers: (roomId: string) => {
    db.rowRenders[roomId] = (db.rowRenders[roomId] ?? 0) + 1;
    return roomId === 'dm:alice:carol' ? ['carol'] : [];
  },
  useUsers: () => ({}),
  openDm: vi.fn(),
}));

vi.mock('../../session', () => ({
  useMe: () => makeUser('alice', 'Alice', 'Smith'),
}));

const bob = makeUser('bob', 'Bob', 'Builder', { role: 'cleaner' });
const dmBob = makeItem(
  makeRoom('dm:alice:bob', {
    last_message_content: 'See you at 9',
    last_message_sender_id: 'alice',
    last_message_time: new Date(Date.now() - 5 * 60_000).toISOString(),
  }),
  'Bob Builder',
  { peer: bob, unread: 3 },
);
const dmCarol = makeItem(makeRoom('dm:alice:carol'), 'Carol Jones', {
  membership: makeMembership('dm:alice:carol', 'alice', { muted: true }),
});
const jobRoom = makeItem(makeRoom('job:j1', { last_message_content: 'Keys under the mat', last_message_sender_id: 'bob', last_message_time: '2025-10-01T09:00:00.000Z' }), 'Spring clean');

function renderList() {
  return render(
    <MemoryRouter>
      <ConversationList />
    </MemoryRouter>,
  );
}

beforeEach(() => {
  useAppStore.setState({ tab: 'direct', filter: 'active', activeRoomId: null, drafts: {} });
  db.lists = { 'direct/active': [dmBob, dmCarol], 'job/active': [jobRoom], 'job/archived': [] };
  db.totals = { job: 2, direct: 3, total: 5 };
  db.rowRenders = {};
});

describe('ConversationList', () => {
  it('shows the tabs with their unread badges', () => {
    db.totals = { job: 2, direct: 0, total: 2 };
    renderList();
    const jobTab = screen.getByRole('tab', { name: /^Job Chats/ });
    const dmTab = screen.getByRole('tab', { name: /^Direct Messages/ });
    expect(dmTab.getAttribute('aria-selected')).toBe('true');
    expect(jobTab.getAttribute('aria-selected')).toBe('false');
    expect(within(jobTab).getByTestId('unread-badge-job').textContent).toBe('2');
    expect(screen.queryByTestId('unread-badge-direct')).toBeNull();
  });

  it('renders one row per room with name, preview, presence and unread count', () => {
    renderList();
    const rows = screen.getAllByTestId('room-row');
    expect(rows.map((r) => r.getAttribute('data-room-id'))).toEqual(['dm:alice:bob', 'dm:alice:carol']);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(first.getAttribute('href')).toBe('/messages/dm:alice:bob');
    expect(within(first).getByText('Bob Builder')).toBeTruthy();
    expect(within(first).getByText('You: See you at 9')).toBeTruthy();
    expect(within(first).getByText('5m')).toBeTruthy();
    expect(within(first).getByTestId('room-unread').textContent).toBe('3');
    expect(first.querySelector('.cc-avatar__dot--online')).not.toBeNull();
    expect(within(second).queryByTestId('room-unread')).toBeNull();
    expect(within(second).getByText('typing…')).toBeTruthy();
    expect(within(second).getByText('Muted')).toBeTruthy();
  });

  it('switches tab and filter through the store', () => {
    renderList();
    fireEvent.click(screen.getByRole('tab', { name: /^Job Chats/ }));
    expect(useAppStore.getState().tab).toBe('job');
    expect(screen.getByText('Spring clean')).toBeTruthy();
    expect(screen.getByText('Keys under the mat')).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'Archived' }));
    expect(useAppStore.getState().filter).toBe('archived');
    expect(screen.getByRole('radio', { name: 'Archived' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.queryAllByTestId('room-row')).toHaveLength(0);
    expect(screen.getByText('No archived job chats')).toBeTruthy();
  });

  it('moves between tabs with the arrow keys', () => {
    renderList();
    const dmTab = screen.getByRole('tab', { name: /^Direct Messages/ });
    dmTab.focus();
    fireEvent.keyDown(dmTab, { key: 'ArrowLeft' });
    expect(useAppStore.getState().tab).toBe('job');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Job Chats/ }));
  });

  it('moves between rows with the arrow keys and marks the open room', () => {
    useAppStore.setState({ activeRoomId: 'dm:alice:carol' });
    renderList();
    const [first, second] = screen.getAllByTestId('room-row') as [HTMLElement, HTMLElement];
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second, { key: 'Home' });
    expect(document.activeElement).toBe(first);
    expect(second.getAttribute('aria-current')).toBe('page');
    expect(first.getAttribute('aria-current')).toBeNull();
  });

  it('opens the New Message dialog', () => {
    renderList();
    fireEvent.click(screen.getByRole('button', { name: 'New Message' }));
    const dialog = screen.getByRole('dialog', { name: 'New Message' });
    expect(within(dialog).getByLabelText('Search people')).toBeTruthy();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('takes focus on arrival (after sign-in) instead of leaving it on <body>', () => {
    (document.activeElement as HTMLElement | null)?.blur();
    renderList();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Chats' }));
  });

  it('leaves focus alone when something already has it', () => {
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    renderList();
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('gives focus back to the New Message button when Escape closes the dialog', () => {
    renderList();
    const button = screen.getByRole('button', { name: 'New Message' });
    button.focus();
    fireEvent.click(button);
    const search = within(screen.getByRole('dialog', { name: 'New Message' })).getByLabelText('Search people');
    expect(document.activeElement).toBe(search);
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('marks a room with an unsent draft "Draft:" with its text, except the open room', () => {
    useAppStore.setState({ drafts: { 'dm:alice:bob': 'Tuesday  at\n9?' } });
    const { unmount } = renderList();
    const row = screen.getAllByTestId('room-row')[0] as HTMLElement;
    expect(within(row).getByTestId('room-draft').textContent).toBe('Draft: Tuesday at 9?');
    expect(within(row).queryByText('You: See you at 9')).toBeNull();
    unmount();
    useAppStore.setState({ activeRoomId: 'dm:alice:bob' });
    renderList();
    expect(screen.queryByTestId('room-draft')).toBeNull();
  });

  it('re-renders only the row whose room changed when the list emits', () => {
    const { rerender } = renderList();
    expect(db.rowRenders).toEqual({ 'dm:alice:bob': 1, 'dm:alice:carol': 1 });
    // A message in Bob's room: the list hands out a new item for it and keeps Carol's.
    db.lists = { ...db.lists, 'direct/active': [{ ...dmBob, unread: 4 }, dmCarol] };
    rerender(
      <MemoryRouter>
        <ConversationList />
      </MemoryRouter>,
    );
    expect(screen.getAllByTestId('room-unread')[0]?.textContent).toBe('4');
    expect(db.rowRenders).toEqual({ 'dm:alice:bob': 2, 'dm:alice:carol': 1 });
  });
});
