import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as DbModule from '../../db';
import type { CleanchatDatabase } from '../../db/database';
import { setSessionState } from '../../session/state';
import { at, localMessage, openTestDb, user } from '../../test/fakes';
import { makeItem, makeRoom } from '../testing/fixtures';
import { MessageSearch } from './SearchPanel';
import { searchShortcut, useSearchPanel } from './panelState';
import { ensureSearchIndexer, forgetSearchIndex } from './runtime';

const items = [makeItem(makeRoom('dm:alice:bob'), 'Bob Test'), makeItem(makeRoom('job:j1'), 'Spring clean')];
vi.mock('../../db', async (importOriginal) => ({
  ...(await importOriginal<typeof DbModule>()),
  useRoomList: (tab: string) => ({ items: items.filter((i) => (tab === 'job') === (i.room.room_type === 'job')), loading: false }),
}));

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
let db: CleanchatDatabase;

beforeEach(async () => {
  db = await openTestDb('alice');
  setSessionState({ status: 'signed-in', user: user('alice') });
  await db.users.bulkInsert([user('alice'), user('bob')]);
  await db.messages.bulkInsert([
    localMessage('dm:alice:bob', 'bob', { id: 'old', content: 'The spare key is under the mat', created_at: at(1) }),
    localMessage('job:j1', 'alice', { id: 'job', content: 'Key safe code is 4512', created_at: at(2) }),
    localMessage('dm:alice:bob', 'alice', { id: 'new', content: 'Thanks, found the key', created_at: at(3) }),
  ]);
  await (await ensureSearchIndexer(db, 'alice')).ready;
});
afterEach(async () => {
  useSearchPanel.getState().closeSearch();
  await forgetSearchIndex('alice');
  await db.remove();
});

function Where() {
  const location = useLocation();
  const state = location.state as { focusMessageId?: string } | null;
  return <div data-testid="where">{`${location.pathname}#${state?.focusMessageId ?? ''}`}</div>;
}

function renderApp() {
  return render(
    <MemoryRouter initialEntries={['/messages']}>
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
      <MessageSearch />
    </MemoryRouter>,
  );
}

describe('searchShortcut', () => {
  it('is Ctrl/Cmd+F for the open room and Ctrl/Cmd+Shift+F for every conversation', () => {
    const key = { key: 'f', ctrlKey: true, metaKey: false, altKey: false, shiftKey: false };
    expect(searchShortcut(key)).toBe('room');
    expect(searchShortcut({ ...key, ctrlKey: false, metaKey: true, key: 'F', shiftKey: true })).toBe('all');
    expect(searchShortcut({ ...key, ctrlKey: false })).toBeNull();
    expect(searchShortcut({ ...key, altKey: true })).toBeNull();
    expect(searchShortcut({ ...key, key: 'k' })).toBeNull();
  });
});

describe('the search panel', SLOW, () => {
  it('is driven by the keyboard: shortcut, type, grouped highlighted results, arrows, Enter opens the message', async () => {
    renderApp();
    fireEvent.keyDown(window, { key: 'f', ctrlKey: true, shiftKey: true });
    const box = screen.getByRole('combobox', { name: 'Search all conversations' });
    expect(document.activeElement).toBe(box);

    fireEvent.change(box, { target: { value: 'KEY' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('3 messages in 2 conversations'));
    const groups = screen.getAllByRole('group');
    expect(groups.map((g) => g.getAttribute('aria-labelledby') && document.getElementById(g.getAttribute('aria-labelledby') ?? '')?.textContent)).toEqual([
      'Bob Test',
      'Spring clean',
    ]);
    // Newest first within a conversation; every "key" is marked, whatever its case.
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.dataset.messageId)).toEqual(['new', 'old', 'job']);
    expect([...document.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['key', 'key', 'Key']);
    expect(options[0]?.getAttribute('aria-selected')).toBe('true');

    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]?.id);
    fireEvent.keyDown(box, { key: 'End' });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(screen.getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');

    fireEvent.change(box, { target: { value: 'key mat' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 message in 1 conversation'));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(screen.getByTestId('where').textContent).toBe('/messages/dm:alice:bob#old');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('searches only the open room from Ctrl+F, and can widen to every conversation', async () => {
    renderApp();
    useSearchPanel.getState().openSearch('job:j1');
    const box = await screen.findByRole('combobox', { name: 'Search in Spring clean' });
    fireEvent.change(box, { target: { value: 'key' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 message in 1 conversation'));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only in Spring clean' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('3 messages in 2 conversations'));
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'nothing like it' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No messages match.'));
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'is the' } });
    expect(screen.getByRole('status').textContent).toBe('Type a more specific word.');
  });
});
