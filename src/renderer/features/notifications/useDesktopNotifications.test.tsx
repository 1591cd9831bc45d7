import { act, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageDoc } from '../../../shared/schemas';
import { setPlatform, type Platform } from '../../platform';
import { makeItem, makeMembership, makeMessage, makeRoom, makeUser } from '../testing/fixtures';
import { BADGE_SETTLE_MS, useDesktopNotifications } from './useDesktopNotifications';

const db = vi.hoisted(() => ({
  incoming: null as ((messages: MessageDoc[]) => void) | null,
  total: 4,
}));

vi.mock('../../db', () => ({
  onIncomingMessages: (listener: (messages: MessageDoc[]) => void) => {
    db.incoming = listener;
    return () => {
      db.incoming = null;
    };
  },
  useUnreadTotals: () => ({ job: 1, direct: db.total - 1, total: db.total }),
  useRoomList: (tab: string) => ({
    items:
      tab === 'direct'
        ? [
            makeItem(makeRoom('dm:alice:bob'), 'Bob Builder'),
            makeItem(makeRoom('dm:alice:carol'), 'Carol Jones', { membership: makeMembership('dm:alice:carol', 'alice', { muted: true }) }),
          ]
        : [makeItem(makeRoom('job:j1'), 'Deep clean, 2-bed flat')],
    loading: false,
  }),
  useUsers: (ids: string[]) => Object.fromEntries(ids.map((id) => [id, makeUser(id, id === 'bob' ? 'Bob' : 'Carol', 'X')])),
}));
vi.mock('../../session', () => ({ useMe: () => makeUser('alice', 'Alice', 'Smith') }));

let openRoom: ((roomId: string) => void) | null = null;
const platform = {
  kind: 'web',
  serverUrl: 'http://localhost',
  secureStore: { get: async () => null, set: async () => ({ persisted: false }), clear: async () => undefined },
  notify: vi.fn(),
  onOpenRoom: vi.fn((listener: (roomId: string) => void) => {
    openRoom = listener;
    return () => {
      openRoom = null;
    };
  }),
  setBadge: vi.fn(),
  isFocused: vi.fn(() => false),
  saveFile: vi.fn(async () => true),
  armMicrophone: vi.fn(async () => undefined),
} satisfies Platform;

function Harness() {
  useDesktopNotifications();
  return <p data-testid="where">{useLocation().pathname}</p>;
}

function renderHarness() {
  return render(
    <MemoryRouter initialEntries={['/messages']}>
      <Routes>
        <Route path="*" element={<Harness />} />
      </Routes>
    </MemoryRouter>,
  );
}

const later = () => new Date(Date.now() + 60_000).toISOString();

beforeEach(() => {
  setPlatform(platform);
  platform.notify.mockClear();
  platform.setBadge.mockClear();
  platform.isFocused.mockReturnValue(false);
});
afterEach(() => setPlatform(null));

describe('useDesktopNotifications', () => {
  it('notifies new messages in unmuted rooms while the window is not focused', () => {
    renderHarness();
    act(() => db.incoming?.([makeMessage('m1', 'dm:alice:bob', 'bob', later(), { content: 'Hi Alice' })]));
    expect(platform.notify).toHaveBeenCalledWith({ title: 'Bob X', body: 'Hi Alice', roomId: 'dm:alice:bob' });

    platform.notify.mockClear();
    act(() => db.incoming?.([makeMessage('m2', 'dm:alice:carol', 'carol', later())]));
    expect(platform.notify).not.toHaveBeenCalled();

    platform.isFocused.mockReturnValue(true);
    act(() => db.incoming?.([makeMessage('m3', 'dm:alice:bob', 'bob', later())]));
    expect(platform.notify).not.toHaveBeenCalled();
  });

  it("titles a job-chat notification with the sender and the job's title", () => {
    renderHarness();
    act(() => db.incoming?.([makeMessage('m1', 'job:j1', 'bob', later(), { content: 'Running late' })]));
    expect(platform.notify).toHaveBeenCalledWith({ title: 'Bob X · Deep clean, 2-bed flat', body: 'Running late', roomId: 'job:j1' });
  });

  it('ignores history older than the sign-in', () => {
    renderHarness();
    act(() => db.incoming?.([makeMessage('m1', 'dm:alice:bob', 'bob', '2020-01-01T00:00:00.000Z')]));
    expect(platform.notify).not.toHaveBeenCalled();
  });

  it('opens the room a notification asks for and keeps the badge current', () => {
    const { unmount } = renderHarness();
    expect(platform.setBadge).toHaveBeenLastCalledWith(4);
    act(() => openRoom?.('dm:alice:bob'));
    expect(screen.getByTestId('where').textContent).toBe('/messages/dm:alice:bob');
    unmount();
    expect(platform.setBadge).toHaveBeenLastCalledWith(0);
    expect(db.incoming).toBeNull();
  });

  it('shows a changed total once it holds: a message read on arrival (up, then down) sets no badge', () => {
    vi.useFakeTimers();
    try {
      db.total = 4;
      const { rerender, unmount } = renderHarness();
      expect(platform.setBadge.mock.calls).toEqual([[4]]);
      const totalBecomes = (total: number) => {
        db.total = total;
        rerender(
          <MemoryRouter initialEntries={['/messages']}>
            <Routes>
              <Route path="*" element={<Harness />} />
            </Routes>
          </MemoryRouter>,
        );
      };
      for (let i = 0; i < 5; i++) {
        totalBecomes(5);
        act(() => vi.advanceTimersByTime(BADGE_SETTLE_MS / 2));
        totalBecomes(4);
        act(() => vi.advanceTimersByTime(BADGE_SETTLE_MS));
      }
      expect(platform.setBadge.mock.calls).toEqual([[4]]);
      totalBecomes(6);
      act(() => vi.advanceTimersByTime(BADGE_SETTLE_MS - 1));
      expect(platform.setBadge.mock.calls).toEqual([[4]]);
      act(() => vi.advanceTimersByTime(1));
      expect(platform.setBadge.mock.calls).toEqual([[4], [6]]);
      unmount();
      expect(platform.setBadge).toHaveBeenLastCalledWith(0);
    } finally {
      db.total = 4;
      vi.useRealTimers();
    }
  });
});
