import { fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../store';
import { MESSAGE_MAX_CHARS } from '../../../shared/limits';
import { Composer, draftStatus, isSendKey } from './Composer';

const db = vi.hoisted(() => ({
  sendMessage: vi.fn((_roomId: string, _content: string, _replyTo?: string | null) => Promise.resolve()),
  editMessage: vi.fn((_id: string, _content: string) => Promise.resolve()),
  notifyTyping: vi.fn((_roomId: string) => undefined),
}));
vi.mock('../../db', () => db);

beforeEach(() => {
  useAppStore.setState({ drafts: {}, notice: null });
  db.sendMessage.mockClear();
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
});
