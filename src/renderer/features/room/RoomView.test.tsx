import { fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { MembershipDoc, MessageDoc, RoomDoc } from '../../../shared/schemas';
import { useAppStore } from '../../store';
import { makeMembership, makeMessage, makeRoom, makeUser } from '../testing/fixtures';
import { JobChatScreen, RoomByIdScreen } from './RoomView';

const state = vi.hoisted(() => ({
  room: undefined as RoomDoc | null | undefined,
  jobRoomId: undefined as string | null | undefined,
  messages: [] as MessageDoc[],
  memberships: [] as MembershipDoc[],
  typing: [] as string[],
  presence: 'online' as 'online' | 'offline' | 'unknown',
}));

const renders = vi.hoisted(() => ({ history: 0 }));
const NO_REACTIONS = vi.hoisted(() => new Map());
const pageOf = vi.hoisted(() => {
  const pages = new WeakMap<object, object>();
  const noop = () => undefined;
  const reveal = () => Promise.resolve(true);
  return (messages: MessageDoc[]) => {
    let page = pages.get(messages);
    if (!page) pages.set(messages, (page = { messages, hasOlder: false, loadOlder: noop, reveal, loading: false }));
    return page;
  };
});

const actions = vi.hoisted(() => ({
  markRoomRead: vi.fn((_id: string, _shown?: string | null) => Promise.resolve()),
  setArchived: vi.fn((_id: string, _v: boolean) => Promise.resolve()),
  setMuted: vi.fn((_id: string, _v: boolean) => Promise.resolve()),
}));

vi.mock('../../db', () => ({
  ...actions,
  useRoom: () => state.room,
  useJobRoomId: () => state.jobRoomId,
  // One page object per window, as the real hook keeps it.
  useRoomMessages: () => pageOf(state.messages),
  useRoomMemberships: () => state.memberships,
  useHoldUnreadCounts: () => undefined,
  useUsers: (ids: string[]) => Object.fromEntries(ids.map((id) => [id, makeUser(id, id === 'bob' ? 'Bob' : 'Carol', 'X')])),
  useUser: (id: string | null | undefined) => (id ? makeUser(id, 'Bob', 'Builder') : null),
  usePresence: (id: string | null | undefined) => (id === 'bob' ? state.presence : 'unknown'),
  useTypingUsers: () => state.typing,
  useJob: () => undefined,
  // Called by the history on each of its renders: the count of them.
  useRoomReactions: () => {
    renders.history += 1;
    return NO_REACTIONS;
  },
  useMessagesByIds: () => new Map(),
  sendMessage: vi.fn(),
  notifyTyping: vi.fn(),
}));

vi.mock('../../session', () => ({ useMe: () => makeUser('alice', 'Alice', 'Smith') }));

function tree(path: string) {
  return (
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/messages/:roomId" element={<RoomByIdScreen />} />
        <Route path="/jobs/:jobId/chat" element={<JobChatScreen />} />
      </Routes>
    </MemoryRouter>
  );
}

function renderAt(path: string) {
  return render(tree(path));
}

const DM = 'dm:alice:bob';

beforeEach(() => {
  state.room = makeRoom(DM);
  state.jobRoomId = undefined;
  state.messages = [];
  state.memberships = [makeMembership(DM, 'alice'), makeMembership(DM, 'bob')];
  state.typing = [];
  state.presence = 'online';
  Object.values(actions).forEach((fn) => fn.mockClear());
  useAppStore.setState({ activeRoomId: null, drafts: {} });
});

describe('room screens', () => {
  it("says the peer's status is unknown, with no presence dot, while I am offline", () => {
    state.presence = 'unknown';
    renderAt(`/messages/${DM}`);
    expect(screen.getByTestId('presence').textContent).toBe('Status unknown');
    expect(screen.getByTestId('avatar').querySelector('.cc-avatar__dot')).toBeNull();
    expect(screen.queryByText('Offline')).toBeNull();
  });

  it('shows the same not-found screen for unknown rooms and jobs', () => {
    state.room = null;
    const { unmount } = renderAt('/messages/dm:alice:zed');
    expect(screen.getByRole('heading', { name: 'Conversation not found' })).toBeTruthy();
    unmount();
    state.jobRoomId = null;
    renderAt('/jobs/nope/chat');
    expect(screen.getByRole('heading', { name: 'Conversation not found' })).toBeTruthy();
  });

  it('opens a DM with the peer, presence, actions, typing and composer', () => {
    state.typing = ['bob'];
    renderAt(`/messages/${DM}`);
    expect(screen.getByRole('heading', { name: 'Bob Builder' })).toBeTruthy();
    expect(screen.getByTestId('presence').textContent).toBe('Online');
    expect(screen.getByTestId('typing-indicator').textContent).toBe('Bob is typing…');
    expect(screen.getByLabelText('Message')).toBeTruthy();
    expect(useAppStore.getState().activeRoomId).toBe(DM);

    fireEvent.click(screen.getByRole('button', { name: 'Archive' }));
    expect(actions.setArchived).toHaveBeenCalledWith(DM, true);
    fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    expect(actions.setMuted).toHaveBeenCalledWith(DM, true);
  });

  it('offers Unarchive and Unmute for an archived, muted room', () => {
    state.memberships = [makeMembership(DM, 'alice', { archived: true, muted: true })];
    renderAt(`/messages/${DM}`);
    fireEvent.click(screen.getByRole('button', { name: 'Unarchive' }));
    expect(actions.setArchived).toHaveBeenCalledWith(DM, false);
    fireEvent.click(screen.getByRole('button', { name: 'Unmute' }));
    expect(actions.setMuted).toHaveBeenCalledWith(DM, false);
  });

  it('marks the room read when it shows unread messages, and only then', () => {
    state.messages = [makeMessage('m1', DM, 'bob', '2025-10-26T10:00:00.000Z')];
    const { unmount } = renderAt(`/messages/${DM}`);
    // Up to the newest message on screen, by the server's clock.
    expect(actions.markRoomRead).toHaveBeenCalledWith(DM, '2025-10-26T10:00:00.000Z');
    unmount();
    actions.markRoomRead.mockClear();
    state.memberships = [makeMembership(DM, 'alice', { last_read_at: '2025-10-26T10:00:00.000Z' })];
    renderAt(`/messages/${DM}`);
    expect(actions.markRoomRead).not.toHaveBeenCalled();
  });

  it('lists the history with a label per message, and announces arrivals politely', () => {
    // happy-dom lays nothing out; give the scroller a size so the virtualizer renders rows.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    state.messages = [makeMessage('m1', DM, 'bob', '2025-10-26T10:00:00.000Z', { content: 'Hello' })];
    const { rerender } = renderAt(`/messages/${DM}`);
    const list = screen.getByRole('list', { name: 'Messages' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]?.getAttribute('aria-setsize')).toBe('1');
    expect(within(items[0] as HTMLElement).getByTestId('message-label').textContent).toMatch(/^Bob X, .*: $/);
    const live = screen.getByTestId('arrival-announcer');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe('');

    state.messages = [...state.messages, makeMessage('m2', DM, 'alice', '2025-10-26T10:01:00.000Z', { content: 'Mine' })];
    rerender(tree(`/messages/${DM}`));
    expect(live.textContent).toBe('');

    state.messages = [...state.messages, makeMessage('m3', DM, 'bob', '2025-10-26T10:02:00.000Z', { content: 'On my\nway' })];
    rerender(tree(`/messages/${DM}`));
    expect(live.textContent).toBe('New message from Bob X: On my way');
  });

  it('opens a job chat by job id', () => {
    state.jobRoomId = 'job:j1';
    state.room = makeRoom('job:j1', { name: 'Spring clean' });
    renderAt('/jobs/j1/chat');
    expect(screen.getByRole('heading', { name: 'Spring clean' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Job details' }).getAttribute('href')).toBe('/jobs/j1');
  });

  it('opens at the first unread message under a "New messages" divider, which stays once read', () => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    state.messages = [
      makeMessage('m1', DM, 'bob', '2025-10-26T10:00:00.000Z'),
      makeMessage('m2', DM, 'alice', '2025-10-26T10:01:00.000Z'),
      makeMessage('m3', DM, 'bob', '2025-10-26T10:02:00.000Z'),
      makeMessage('m4', DM, 'bob', '2025-10-26T10:03:00.000Z'),
    ];
    state.memberships = [makeMembership(DM, 'alice', { last_read_at: '2025-10-26T10:01:00.000Z' })];
    const { rerender } = renderAt(`/messages/${DM}`);
    const dividerRow = () => screen.getByTestId('unread-divider').closest('[role="listitem"]') as HTMLElement;
    expect(within(dividerRow()).getByTestId('message').getAttribute('data-message-id')).toBe('m3');
    expect(screen.getAllByTestId('unread-divider')).toHaveLength(1);
    expect(actions.markRoomRead).toHaveBeenCalledWith(DM, '2025-10-26T10:03:00.000Z');

    state.memberships = [makeMembership(DM, 'alice', { last_read_at: '2025-10-26T10:03:00.000Z' })];
    rerender(tree(`/messages/${DM}`));
    expect(within(dividerRow()).getByTestId('message').getAttribute('data-message-id')).toBe('m3');
  });

  it('shows no divider when nothing is unread', () => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    state.messages = [makeMessage('m1', DM, 'bob', '2025-10-26T10:00:00.000Z')];
    state.memberships = [makeMembership(DM, 'alice', { last_read_at: '2025-10-26T10:00:00.000Z' })];
    renderAt(`/messages/${DM}`);
    expect(screen.getAllByTestId('message')).toHaveLength(1);
    expect(screen.queryByTestId('unread-divider')).toBeNull();
  });
});

describe('announcement rooms', () => {
  it('replace the composer with a notice for someone who is not staff, and list members for everyone', () => {
    state.room = makeRoom('general:1', { room_type: 'general', name: 'Cleanchat news', posting: 'staff', participant_ids: ['alice', 'sam'] });
    state.memberships = [makeMembership('general:1', 'alice'), makeMembership('general:1', 'sam', { role: 'owner' })];
    renderAt('/messages/general:1');
    expect(screen.getByTestId('staff-only').textContent).toMatch(/Only support staff post/);
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
    expect(screen.getByTestId('members-button')).toBeTruthy();
  });

  it('keep the composer in a group, where everyone posts', () => {
    state.room = makeRoom('group:1', { room_type: 'group', name: 'Crew', participant_ids: ['alice', 'bob', 'carol'] });
    renderAt('/messages/group:1');
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
    expect(screen.queryByTestId('staff-only')).toBeNull();
  });

  it('renders the history again for a new message, not for a change of the room or a read marker of mine', () => {
    state.messages = [makeMessage('m1', DM, 'bob', '2025-10-26T10:00:00.000Z', { content: 'Hello' })];
    const { rerender } = renderAt(`/messages/${DM}`);
    const opened = renders.history;
    // Every message moves the room's last message, and reading it moves my marker.
    state.room = { ...makeRoom(DM), last_message_content: 'Hello' };
    state.memberships = [{ ...makeMembership(DM, 'alice'), last_read_at: '2025-10-26T10:00:00.000Z' }, state.memberships[1]!];
    rerender(tree(`/messages/${DM}`));
    expect(renders.history).toBe(opened);
    state.messages = [...state.messages, makeMessage('m2', DM, 'bob', '2025-10-26T10:01:00.000Z', { content: 'Again' })];
    rerender(tree(`/messages/${DM}`));
    expect(renders.history).toBe(opened + 1);
    expect(screen.getByTestId('arrival-announcer').textContent).toBe('New message from Bob X: Again');
  });
});
