import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../store';
import { MESSAGE_MAX_CHARS } from '../../../shared/limits';
import { Composer, draftStatus, isSendKey } from './Composer';

const db = vi.hoisted(() => ({
  sendMessage: vi.fn((_roomId: string, _content: string, _replyTo?: string | null) => Promise.resolve()),
  editMessage: vi.fn((_id: string, _content: string) => Promise.resolve()),
  notifyTyping: vi.fn((_roomId: string) => undefined),
  useUser: (id: string | null | undefined) => (id ? { id, username: id, first_name: 'Bob', last_name: 'Builder' } : null),
}));
vi.mock('../../db', () => db);

beforeEach(() => {
  useAppStore.setState({ drafts: {}, notice: null, composeTargets: {} });
  db.sendMessage.mockClear();
  db.editMessage.mockClear();
  db.notifyTyping.mockClear();
});

const box = () => screen.getByLabelText('Message') as HTMLTextAreaElement;

describe('draftStatus and isSendKey', () => {
  it('allows 1 to 4000 characters after trimming and shows a counter near the limit', () => {
    expect(draftStatus('   ').canSend).toBe(false);
    expect(draftStatus(' hi ')).toMatchObject({ canSend: true, length: 2, showCounter: false, tooLong: false });
    expect(draftStatus('x'.repeat(MESSAGE_MAX_CHARS - 10)).showCounter).toBe(true);
    expect(draftStatus('x'.repeat(MESSAGE_MAX_CHARS + 1))).toMatchObject({ canSend: false, tooLong: true });
  });
  it('sends on Enter, not on Shift+Enter or while composing', () => {
    const key = { key: 'Enter', shiftKey: false, altKey: false, ctrlKey: false, metaKey: false };
    expect(isSendKey(key, false)).toBe(true);
    expect(isSendKey({ ...key, shiftKey: true }, false)).toBe(false);
    expect(isSendKey(key, true)).toBe(false);
    expect(isSendKey({ ...key, key: 'a' }, false)).toBe(false);
  });
});

describe('Composer', () => {
  it('keeps the draft per room in the store and signals typing', () => {
    render(<Composer roomId="r1" />);
    fireEvent.change(box(), { target: { value: 'Hello' } });
    expect(useAppStore.getState().drafts.r1).toBe('Hello');
    expect(db.notifyTyping).toHaveBeenCalledWith('r1');
  });

  it('sends the trimmed text on Enter and clears the box', () => {
    useAppStore.setState({ drafts: { r1: '  On my way \n' } });
    render(<Composer roomId="r1" />);
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(db.sendMessage).toHaveBeenCalledWith('r1', 'On my way', null);
    expect(box().value).toBe('');
  });

  it('does not send on Shift+Enter or when empty', () => {
    useAppStore.setState({ drafts: { r1: 'line one' } });
    render(<Composer roomId="r1" />);
    fireEvent.keyDown(box(), { key: 'Enter', shiftKey: true });
    expect(db.sendMessage).not.toHaveBeenCalled();
    fireEvent.change(box(), { target: { value: '   ' } });
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends with the Send button', () => {
    useAppStore.setState({ drafts: { r1: 'Hi' } });
    render(<Composer roomId="r1" />);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(db.sendMessage).toHaveBeenCalledWith('r1', 'Hi', null);
  });

  it('refuses an over-long message and says why', () => {
    useAppStore.setState({ drafts: { r1: 'x'.repeat(MESSAGE_MAX_CHARS + 1) } });
    render(<Composer roomId="r1" />);
    expect(screen.getByRole('alert').textContent).toContain(`of ${MESSAGE_MAX_CHARS} characters`);
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(db.sendMessage).not.toHaveBeenCalled();
  });

  it('gives the text back and shows a notice when sending fails', async () => {
    db.sendMessage.mockImplementationOnce(() => Promise.reject(new Error('disk full')));
    useAppStore.setState({ drafts: { r1: 'Hi' } });
    render(<Composer roomId="r1" />);
    fireEvent.keyDown(box(), { key: 'Enter' });
    await vi.waitFor(() => expect(useAppStore.getState().notice).not.toBeNull());
    expect(useAppStore.getState().drafts.r1).toBe('Hi');
  });

  it('Up in an empty box edits my last message: its text in the box, Enter saves, the draft comes back', () => {
    const T = '2026-02-01T10:00:00.000Z';
    const msg = (id: string, sender: string, content: string, deleted = false) => ({
      id, room_id: 'r1', sender_id: sender, content, kind: 'text' as const, created_at: T, server_seq: 1,
      received_at: T, edited_at: null, deleted, reply_to_id: null, album_id: null, attachment: null, location: null,
    });
    const messages = [msg('m1', 'me', 'at 9'), msg('m2', 'bob', 'ok'), msg('m3', 'me', '', true)];
    render(<Composer roomId="r1" messages={messages} me="me" />);
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    const editBox = screen.getByLabelText('Edit message') as HTMLTextAreaElement;
    expect(editBox.value).toBe('at 9');
    expect(screen.getByTestId('compose-target').textContent).toContain('Editing your message');
    expect(document.activeElement).toBe(editBox);
    fireEvent.change(editBox, { target: { value: 'at 10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(db.editMessage).toHaveBeenCalledWith('m1', 'at 10');
    expect(db.sendMessage).not.toHaveBeenCalled();
    expect(box().value).toBe('');

    // With text in the box, Up is only a cursor key; Escape leaves an edit without saving.
    fireEvent.change(box(), { target: { value: 'draft' } });
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    expect(screen.queryByTestId('compose-target')).toBeNull();
    act(() => useAppStore.getState().setComposeTarget('r1', { kind: 'edit', messageId: 'm1', text: 'at 9' }));
    fireEvent.keyDown(screen.getByLabelText('Edit message'), { key: 'Escape' });
    expect(box().value).toBe('draft');
    expect(db.editMessage).toHaveBeenCalledTimes(1);
  });

  it('a reply quotes the message above the box and is sent with its reply_to_id', () => {
    const T = '2026-02-01T10:00:00.000Z';
    const original = { id: 'm7', room_id: 'r1', sender_id: 'bob', content: 'Which door?', kind: 'text' as const, created_at: T, server_seq: 1, received_at: T, edited_at: null, deleted: false, reply_to_id: null, album_id: null, attachment: null, location: null };
    useAppStore.setState({ drafts: { r1: 'The blue one' }, composeTargets: { r1: { kind: 'reply', messageId: 'm7' } } });
    render(<Composer roomId="r1" messages={[original]} me="me" />);
    expect(screen.getByTestId('compose-target').textContent).toContain('Replying to Bob Builder');
    expect(screen.getByTestId('compose-target').textContent).toContain('Which door?');
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(db.sendMessage).toHaveBeenCalledWith('r1', 'The blue one', 'm7');
    expect(screen.queryByTestId('compose-target')).toBeNull();
  });
});
