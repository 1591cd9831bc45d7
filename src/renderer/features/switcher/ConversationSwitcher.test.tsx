import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import type { RoomListItem } from '../../db';
import { makeItem, makeRoom, makeUser } from '../testing/fixtures';
import { ConversationSwitcher } from './ConversationSwitcher';
import { isSwitcherKey, nextActive, switcherMatches } from './switcherMatch';

const bob = makeUser('bob', 'Bob', 'Builder');
const zoe = makeUser('zoe', 'Zoë', 'Quinn');
const items: RoomListItem[] = [
  makeItem(makeRoom('dm:alice:bob'), 'Bob Builder', { peer: bob, lastActivity: '2025-10-03T00:00:00.000Z' }),
  makeItem(makeRoom('job:j1', { name: 'Spring clean' }), 'Spring clean', { lastActivity: '2025-10-02T00:00:00.000Z' }),
  makeItem(makeRoom('dm:alice:zoe'), 'Zoë Quinn', { peer: zoe, lastActivity: '2025-10-01T00:00:00.000Z' }),
];

vi.mock('../../db', () => ({
  useRoomList: (tab: string) => ({ items: items.filter((i) => (tab === 'job') === (i.room.room_type === 'job')), loading: false }),
}));

function Where() {
  return <div data-testid="where">{useLocation().pathname}</div>;
}

function renderApp() {
  return render(
    <MemoryRouter initialEntries={['/messages']}>
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
      <ConversationSwitcher />
    </MemoryRouter>,
  );
}

describe('switcherMatches', () => {
  it('finds conversations by the start of any word of their names, accents and case ignored', () => {
    expect(switcherMatches(items, '').map((i) => i.room.id)).toEqual(['dm:alice:bob', 'job:j1', 'dm:alice:zoe']);
    expect(switcherMatches(items, 'bu').map((i) => i.room.id)).toEqual(['dm:alice:bob']);
    expect(switcherMatches(items, 'zoe q').map((i) => i.room.id)).toEqual(['dm:alice:zoe']);
    expect(switcherMatches(items, 'clean spr').map((i) => i.room.id)).toEqual(['job:j1']);
    expect(switcherMatches(items, 'uilder')).toEqual([]);
  });

  it('opens on Ctrl+K or Cmd+K only, and moves round the list with the arrows', () => {
    const key = { key: 'k', ctrlKey: true, metaKey: false, altKey: false, shiftKey: false };
    expect(isSwitcherKey(key)).toBe(true);
    expect(isSwitcherKey({ ...key, ctrlKey: false, metaKey: true })).toBe(true);
    expect(isSwitcherKey({ ...key, ctrlKey: false })).toBe(false);
    expect(isSwitcherKey({ ...key, shiftKey: true })).toBe(false);
    expect(nextActive('ArrowDown', 2, 3)).toBe(0);
    expect(nextActive('ArrowUp', 0, 3)).toBe(2);
    expect(nextActive('End', 0, 3)).toBe(2);
    expect(nextActive('a', 0, 3)).toBeNull();
  });
});

describe('ConversationSwitcher', () => {
  it('is driven by the keyboard: Ctrl+K, type, arrows, Enter opens the room and closes', () => {
    renderApp();
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(screen.getByRole('dialog', { name: 'Switch conversation' })).toBeTruthy();
    const box = screen.getByRole('combobox', { name: 'Conversation or person' });
    expect(document.activeElement).toBe(box);
    expect(screen.getAllByRole('option')).toHaveLength(3);

    fireEvent.keyDown(box, { key: 'ArrowDown' });
    const second = screen.getAllByRole('option')[1];
    expect(second?.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(second?.id);

    fireEvent.change(box, { target: { value: 'zo' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([expect.stringContaining('Zoë Quinn')]);
    expect(screen.getByRole('status').textContent).toBe('1 conversation');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(screen.getByTestId('where').textContent).toBe('/messages/dm:alice:zoe');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says when nothing matches and closes on Escape', () => {
    renderApp();
    fireEvent.keyDown(window, { key: 'K', metaKey: true });
    const box = screen.getByRole('combobox');
    fireEvent.change(box, { target: { value: 'nobody' } });
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(screen.getByRole('status').textContent).toBe('No conversation matches.');
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByTestId('where').textContent).toBe('/messages');
  });
});
