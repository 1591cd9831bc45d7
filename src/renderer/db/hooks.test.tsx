import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TYPING_TTL_MS } from '../../shared/limits';
import { resetAppStore, useAppStore } from '../store';
import { localMessage, membership, openTestDb, room, user } from '../test/fakes';
import type { CleanchatDatabase } from './database';
import { applyTyping } from './ephemeral';
import { useRoomMessages } from './hooks-messages';
import { useIsOnline, usePresence, useTypingUsers, useUser } from './hooks-misc';
import { useJobRoomId, useRoom, useRoomList, useUnreadTotals } from './hooks-rooms';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

let db: CleanchatDatabase;
const DM = 'dm:alice:bob';

beforeEach(async () => {
  resetAppStore();
  db = await openTestDb('alice');
});
afterEach(async () => {
  vi.useRealTimers();
  await db.remove();
});

describe('useRoomMessages', SLOW, () => {
  it('loads a page, grows it with loadOlder and follows new messages live', async () => {
    await db.messages.bulkInsert(
      Array.from({ length: 70 }, (_, i) => localMessage(DM, 'bob', { server_seq: i + 1 })),
    );
    const { result } = renderHook(() => useRoomMessages(DM));
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.messages).toHaveLength(50));
    expect(result.current.hasOlder).toBe(true);
    act(() => result.current.loadOlder());
    await waitFor(() => expect(result.current.messages).toHaveLength(70));
    expect(result.current.hasOlder).toBe(false);
    await act(() => db.messages.insert(localMessage(DM, 'alice', { server_seq: 0, content: 'pending one' })));
    await waitFor(() => expect(result.current.messages.at(-1)?.content).toBe('pending one'));
  });
});

describe('room hooks', SLOW, () => {
  it('list rooms per tab with unread totals and resolve single rooms', async () => {
    await db.users.insert(user('bob'));
    await db.rooms.bulkInsert([room(DM, ['alice', 'bob']), room('job:7', ['alice', 'bob'])]);
    await db.memberships.bulkInsert([membership(DM, 'alice'), membership('job:7', 'alice')]);
    await db.messages.insert(localMessage(DM, 'bob'));
    const { result } = renderHook(() => ({
      direct: useRoomList('direct', 'active'),
      job: useRoomList('job', 'all'),
      totals: useUnreadTotals(),
      room: useRoom(DM),
      missing: useRoom('dm:alice:nobody'),
      jobRoom: useJobRoomId('7'),
      peer: useUser('bob'),
    }));
    expect(result.current.direct.loading).toBe(true);
    await waitFor(() => expect(result.current.totals).toEqual({ job: 0, direct: 1, total: 1 }));
    expect(result.current.direct.items.map((i) => i.room.id)).toEqual([DM]);
    expect(result.current.job.items.map((i) => i.room.id)).toEqual(['job:7']);
    await waitFor(() => expect(result.current.room?.id).toBe(DM));
    await waitFor(() => expect(result.current.missing).toBeNull());
    await waitFor(() => expect(result.current.jobRoom).toBe('job:7'));
    await waitFor(() => expect(result.current.peer?.username).toBe('bob'));
  });
});

describe('ephemeral hooks', SLOW, () => {
  it('shows other users typing until the indicator expires', () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useTypingUsers(DM));
    act(() => {
      applyTyping({ room_id: DM, user_id: 'bob', at: '' }, 'alice');
      applyTyping({ room_id: DM, user_id: 'alice', at: '' }, 'alice');
    });
    expect(result.current).toEqual(['bob']);
    act(() => vi.advanceTimersByTime(TYPING_TTL_MS + 100));
    expect(result.current).toEqual([]);
  });

  it("reports others' presence as unknown while my own stream is down", () => {
    const { result } = renderHook(() => ({ bob: usePresence('bob'), me: usePresence('alice') }));
    act(() => useAppStore.setState({ online: { bob: true }, connection: 'online' }));
    expect(result.current).toEqual({ bob: 'online', me: 'online' });
    act(() => useAppStore.setState({ online: { bob: false }, connection: 'online' }));
    expect(result.current).toEqual({ bob: 'offline', me: 'online' });
    act(() => useAppStore.setState({ online: { bob: true }, connection: 'offline' }));
    expect(result.current).toEqual({ bob: 'unknown', me: 'offline' });
    act(() => useAppStore.setState({ connection: 'connecting' }));
    expect(result.current).toEqual({ bob: 'unknown', me: 'offline' });
  });

  it('reports presence, and my own presence from my connection', () => {
    const { result } = renderHook(() => ({ bob: useIsOnline('bob'), me: useIsOnline('alice') }));
    expect(result.current).toEqual({ bob: false, me: false });
    act(() => useAppStore.setState({ online: { bob: true }, connection: 'online' }));
    expect(result.current).toEqual({ bob: true, me: true });
  });
});
