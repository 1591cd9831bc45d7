import { fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageDoc, ReactionDoc } from '../../../shared/schemas';
import { makeMessage } from '../testing/fixtures';
import { MessageItem } from './MessageItem';
import { MessageActionsContext, type MessageActions } from './messageActionsContext';

const T = '2026-02-01T10:00:00.000Z';
const base = { senderName: null, groupStart: true, showTime: true, dayStart: false, receipt: null } as const;

function reaction(messageId: string, userId: string, emoji: string): ReactionDoc {
  return { id: `${messageId}|${userId}`, message_id: messageId, room_id: 'dm:a:b', user_id: userId, emoji, updated_at: T };
}

let actions: MessageActions;
beforeEach(() => {
  actions = {
    me: 'a',
    reactions: new Map(),
    originals: new Map(),
    nameOf: (id) => (id === 'a' ? 'You' : id === 'b' ? 'Bob Builder' : 'Carol Cook'),
    reply: vi.fn(),
    edit: vi.fn(),
    remove: vi.fn(),
    copy: vi.fn(),
    react: vi.fn(),
    jumpTo: vi.fn(),
    highlightId: null,
  };
});

function show(message: MessageDoc, mine: boolean) {
  return render(
    <MessageActionsContext.Provider value={actions}>
      <MessageItem {...base} message={message} mine={mine} senderLabel={mine ? 'You' : 'Bob Builder'} />
    </MessageActionsContext.Provider>,
  );
}

const menuItems = () => Array.from(screen.getByRole('menu', { name: 'Message actions' }).querySelectorAll<HTMLElement>('[role^="menuitem"]'));

describe('message menu', () => {
  it('opens from the actions button with my own actions; arrows move, Escape closes and gives focus back', () => {
    const message = makeMessage('m1', 'dm:a:b', 'a', T, { content: 'my text' });
    show(message, true);
    const button = screen.getByRole('button', { name: 'Actions for the message from You' });
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const labels = menuItems().map((el) => el.getAttribute('aria-label') ?? el.textContent);
    expect(labels).toEqual([
      'React with 👍', 'React with ❤️', 'React with 😂', 'React with 😮', 'React with 🙏', 'React with ✅',
      'Reply', 'React with another emoji…', 'Copy text', 'Edit', 'Delete',
    ]);
    expect(document.activeElement).toBe(menuItems()[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(menuItems()[1]);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.textContent).toBe('Delete');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(menuItems()[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it("offers no Edit or Delete on someone else's message; right click opens the menu; each action reaches its handler", () => {
    const message = makeMessage('m2', 'dm:a:b', 'b', T, { content: 'their text' });
    show(message, false);
    fireEvent.contextMenu(screen.getByTestId('message'), { clientX: 40, clientY: 50 });
    const texts = menuItems().map((el) => el.textContent);
    expect(texts).not.toContain('Edit');
    expect(texts).not.toContain('Delete');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Reply' }));
    expect(actions.reply).toHaveBeenCalledWith(message);
    expect(screen.queryByRole('menu')).toBeNull();

    fireEvent.contextMenu(screen.getByTestId('message'));
    fireEvent.click(screen.getByRole('menuitemcheckbox', { name: 'React with 🙏' }));
    expect(actions.react).toHaveBeenCalledWith(message, '🙏');
    fireEvent.contextMenu(screen.getByTestId('message'));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Copy text' }));
    expect(actions.copy).toHaveBeenCalledWith(message);
  });

  it('Shift+F10 on a focused message opens the menu; Edit and Delete reach their handlers', () => {
    const message = makeMessage('m3', 'dm:a:b', 'a', T);
    show(message, true);
    const el = screen.getByTestId('message');
    fireEvent.keyDown(el, { key: 'F10', shiftKey: true });
    fireEvent.click(screen.getByRole('menuitem', { name: 'Edit' }));
    expect(actions.edit).toHaveBeenCalledWith(message);
    fireEvent.keyDown(el, { key: 'ContextMenu' });
    fireEvent.click(screen.getByRole('menuitem', { name: 'Delete' }));
    expect(actions.remove).toHaveBeenCalledWith(message);
  });

  it('any emoji: refuses text with a message, reacts with one emoji', () => {
    const message = makeMessage('m4', 'dm:a:b', 'b', T);
    show(message, false);
    fireEvent.click(screen.getByRole('button', { name: /Actions for the message/ }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'React with another emoji…' }));
    const input = screen.getByLabelText('Emoji');
    fireEvent.change(input, { target: { value: 'ok' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByRole('alert').textContent).toContain('one emoji');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(actions.react).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: '🎉' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(actions.react).toHaveBeenCalledWith(message, '🎉');
  });

  it('a deleted message has no menu, and a pending one offers no reactions', () => {
    const { unmount } = show(makeMessage('m5', 'dm:a:b', 'a', T, { deleted: true, content: '' }), true);
    expect(screen.queryByRole('button', { name: /Actions for the message/ })).toBeNull();
    fireEvent.contextMenu(screen.getByTestId('message'));
    expect(screen.queryByRole('menu')).toBeNull();
    unmount();
    show(makeMessage('m6', 'dm:a:b', 'a', T, { server_seq: 0, received_at: null }), true);
    fireEvent.click(screen.getByRole('button', { name: /Actions for the message/ }));
    expect(screen.queryByRole('menuitemcheckbox')).toBeNull();
    expect(screen.getByRole('menuitem', { name: 'Edit' })).toBeTruthy();
  });
});

describe('reactions and quotes', () => {
  it('counts each emoji, marks mine, names who reacted, and toggles on click', () => {
    const message = makeMessage('m7', 'dm:a:b', 'b', T);
    actions.reactions = new Map([['m7', [reaction('m7', 'a', '👍'), reaction('m7', 'c', '👍'), reaction('m7', 'b', '😂')]]]);
    show(message, false);
    const chips = screen.getAllByTestId('reaction-chip');
    expect(chips.map((c) => c.getAttribute('aria-label'))).toEqual(['👍 2', '😂 1']);
    expect(chips[0]?.getAttribute('aria-pressed')).toBe('true');
    expect(chips[1]?.getAttribute('aria-pressed')).toBe('false');
    const tip = document.getElementById(chips[0]!.getAttribute('aria-describedby')!);
    expect(tip?.getAttribute('role')).toBe('tooltip');
    expect(tip?.textContent).toBe('You, Carol Cook');
    fireEvent.click(chips[0]!);
    expect(actions.react).toHaveBeenCalledWith(message, '👍');
    // My emoji is checked in the quick row.
    fireEvent.contextMenu(screen.getByTestId('message'));
    expect(screen.getByRole('menuitemcheckbox', { name: 'React with 👍' }).getAttribute('aria-checked')).toBe('true');
  });

  it('a reply quotes sender and snippet and jumps to the original; a deleted original says so', () => {
    const original = makeMessage('m8', 'dm:a:b', 'b', T, { content: 'The code is 1234, ring twice' });
    actions.originals = new Map([['m8', original]]);
    const { unmount } = show(makeMessage('m9', 'dm:a:b', 'a', T, { reply_to_id: 'm8', content: 'ok' }), true);
    const quote = screen.getByTestId('reply-quote');
    expect(quote.textContent).toContain('Bob Builder');
    expect(quote.textContent).toContain('The code is 1234, ring twice');
    fireEvent.click(quote);
    expect(actions.jumpTo).toHaveBeenCalledWith('m8');
    unmount();
    actions.originals = new Map([['m8', { ...original, deleted: true, content: '' }]]);
    show(makeMessage('m9', 'dm:a:b', 'a', T, { reply_to_id: 'm8', content: 'ok' }), true);
    expect(screen.getByTestId('reply-quote').textContent).toContain('Original message deleted');
  });
});
