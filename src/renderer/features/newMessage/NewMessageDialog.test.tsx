import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchUser } from '../../../shared/api';
import type { RoomListItem } from '../../db';
import { useAppStore } from '../../store';
import { makeItem, makeRoom, makeUser } from '../testing/fixtures';
import { NewMessageDialog } from './NewMessageDialog';

const api = vi.hoisted(() => ({ searchUsers: vi.fn<(q: string, role?: string) => Promise<SearchUser[]>>() }));
const db = vi.hoisted(() => ({ openDm: vi.fn((_peer: unknown) => Promise.resolve('dm:alice:bob')), items: [] as RoomListItem[] }));

vi.mock(import('../../api/client'), async (original) => ({ ...(await original()), getApi: () => api as never }));
vi.mock('../../db', () => ({
  openDm: db.openDm,
  useRoomList: (tab: string) => ({ items: tab === 'direct' ? db.items : [], loading: false }),
  useUsers: (ids: string[]) =>
    Object.fromEntries(ids.map((id) => [id, id === 'alice' ? makeUser('alice', 'Alice', 'Smith') : makeUser(id, 'Carol', 'Jones', { role: 'cleaner' })])),
}));
vi.mock('../../session', () => ({ useMe: () => makeUser('alice', 'Alice', 'Smith') }));

const bob: SearchUser = { ...makeUser('bob', 'Bob', 'Builder', { role: 'cleaner' }), is_online: true };

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

function renderDialog(onClose = vi.fn()) {
  render(
    <MemoryRouter initialEntries={['/messages']}>
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
      <NewMessageDialog onClose={onClose} />
    </MemoryRouter>,
  );
  return onClose;
}

beforeEach(() => {
  api.searchUsers.mockReset();
  db.openDm.mockClear();
  db.items = [makeItem(makeRoom('dm:alice:carol'), 'Carol Jones')];
  useAppStore.setState({ online: {}, connection: 'online' });
});

describe('NewMessageDialog', () => {
  it('is a labelled dialog that focuses the search field', () => {
    renderDialog();
    expect(screen.getByRole('dialog', { name: 'New Message' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Search people'));
  });

  it('suggests people known on this device before typing', () => {
    renderDialog();
    const results = screen.getAllByTestId('user-result');
    expect(results.map((r) => r.getAttribute('data-user-id'))).toEqual(['carol']);
    expect(api.searchUsers).not.toHaveBeenCalled();
  });

  it('searches the server and opens the DM with the picked person on Enter', async () => {
    api.searchUsers.mockResolvedValue([bob]);
    const onClose = renderDialog();
    const input = screen.getByLabelText('Search people');
    fireEvent.change(input, { target: { value: 'bob' } });
    const result = await screen.findByText('Bob Builder');
    expect(api.searchUsers).toHaveBeenCalledWith('bob', undefined);
    expect(result.closest('[data-testid="user-result"]')?.textContent).toContain('Online');

    fireEvent.keyDown(input, { key: 'Enter' });
    await vi.waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/messages/dm:alice:bob'));
    expect(db.openDm).toHaveBeenCalledWith(expect.not.objectContaining({ is_online: expect.anything() }));
    expect(db.openDm).toHaveBeenCalledWith(expect.objectContaining({ id: 'bob' }));
    expect(onClose).toHaveBeenCalled();
  });

  it("says a person's status is unknown while I am offline, not Offline", () => {
    useAppStore.setState({ online: { carol: true }, connection: 'offline' });
    renderDialog();
    const [carol] = screen.getAllByTestId('user-result');
    expect(carol?.textContent).toContain('Status unknown');
    expect(carol?.textContent).not.toMatch(/Online|Offline/);
    expect(carol?.querySelector('.cc-avatar__dot')).toBeNull();
  });

  it('passes the role filter to the search', async () => {
    api.searchUsers.mockResolvedValue([]);
    renderDialog();
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'cleaner' } });
    fireEvent.change(screen.getByLabelText('Search people'), { target: { value: 'b' } });
    await vi.waitFor(() => expect(api.searchUsers).toHaveBeenCalledWith('b', 'cleaner'));
    expect(await screen.findByText('No one matches “b”.')).toBeTruthy();
  });

  it('shows the error and falls back to local people when the search fails', async () => {
    api.searchUsers.mockRejectedValue(new Error('Failed to fetch'));
    renderDialog();
    fireEvent.change(screen.getByLabelText('Search people'), { target: { value: 'car' } });
    expect(await screen.findByRole('alert')).toBeTruthy();
    const results = screen.getAllByTestId('user-result');
    expect(results.map((r) => r.getAttribute('data-user-id'))).toEqual(['carol']);
    fireEvent.click(results[0] as HTMLElement);
    await vi.waitFor(() => expect(db.openDm).toHaveBeenCalledWith(expect.objectContaining({ id: 'carol' })));
  });
});
