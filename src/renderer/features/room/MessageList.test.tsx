import { render } from '@testing-library/react';
import { memo } from 'react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { MessageDoc } from '../../../shared/schemas';
import { makeMessage } from '../testing/fixtures';
import { MessageList } from './MessageList';
import { useMessageActions } from './messageActionsContext';

const rendered = vi.hoisted(() => [] as string[]);

// Live queries hand out the same value until something changes; so do these.
const live = vi.hoisted(() => ({ users: {}, reactions: new Map(), originals: new Map() }));
vi.mock('../../db', () => ({
  useUsers: () => live.users,
  useRoomReactions: () => live.reactions,
  useMessagesByIds: () => live.originals,
}));

// The real row reads the actions context too: a new context value renders every row.
vi.mock('./MessageItem', () => ({
  MessageItem: memo(function Row({ message }: { message: MessageDoc }) {
    useMessageActions();
    rendered.push(message.id);
    return <div data-testid="message">{message.content}</div>;
  }),
}));

const DM = 'dm:alice:bob';
const place = { dividerId: null, newCount: 0, setAtBottom: () => undefined };
// useRoomMessages keeps its callbacks across renders.
const loadOlder = () => undefined;
const reveal = () => Promise.resolve(true);
const findFirstUnread = () => Promise.resolve(null);
const page = (messages: MessageDoc[]) => ({ messages, hasOlder: false, hasNewer: false, loadOlder, loadNewer: loadOlder, reveal, findFirstUnread, loading: false });

function list(messages: MessageDoc[]) {
  return (
    <MemoryRouter>
      <MessageList roomId={DM} page={page(messages)} memberships={[]} me="alice" showSenders={false} place={place} />
    </MemoryRouter>
  );
}

describe('MessageList', () => {
  it('renders only the rows that changed when a message arrives', () => {
    // happy-dom lays nothing out; give the scroller a size so the virtualizer renders rows.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    const message = (n: number) => makeMessage(`m${n}`, DM, 'bob', `2025-10-26T10:0${n}:00.000Z`, { server_seq: n });
    const older = [1, 2, 3].map(message);
    const view = render(list(older));
    expect(rendered).toEqual(expect.arrayContaining(['m1', 'm2', 'm3']));
    rendered.length = 0;
    view.rerender(list([...older, message(4)]));
    expect(rendered).toContain('m4');
    // The one before it may lose its clock (grouping); the others stay as they were.
    expect(rendered).not.toContain('m1');
    expect(rendered).not.toContain('m2');
  });
});
