import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../store';
import { Composer } from '../room/Composer';
import { QuickRepliesSettings } from './QuickRepliesSettings';
import { DEFAULT_QUICK_REPLIES, QUICK_REPLIES_MAX, loadQuickReplies, normalizeQuickReplies, quickRepliesKey, quickReplyMatches, useQuickReplies } from './quickReplies';

const db = vi.hoisted(() => ({
  sendMessage: vi.fn((_roomId: string, _content: string) => Promise.resolve()),
  notifyTyping: vi.fn((_roomId: string) => undefined),
}));
vi.mock('../../db', () => db);

beforeEach(() => {
  useAppStore.setState({ drafts: {} });
  db.sendMessage.mockClear();
});

function memory(initial: Record<string, string> = {}) {
  const data = { ...initial };
  return { data, getItem: (k: string) => data[k] ?? null, setItem: (k: string, v: string) => void (data[k] = v) };
}

describe('quick replies rules', () => {
  it('start with the defaults, and keep what the user saved (even an empty list)', () => {
    expect(loadQuickReplies('u1', memory())).toEqual(DEFAULT_QUICK_REPLIES);
    expect(loadQuickReplies('u1', memory({ [quickRepliesKey('u1')]: '[]' }))).toEqual([]);
    expect(loadQuickReplies('u1', memory({ [quickRepliesKey('u1')]: '["Here", 3]' }))).toEqual(['Here']);
    expect(loadQuickReplies('u1', memory({ [quickRepliesKey('u1')]: '{' }))).toEqual(DEFAULT_QUICK_REPLIES);
  });

  it('trims, drops empty and repeated entries, and keeps a short list', () => {
    expect(normalizeQuickReplies([' On my way ', '', 'On my way', 'x'.repeat(300)])).toEqual(['On my way', 'x'.repeat(200)]);
    expect(normalizeQuickReplies(Array.from({ length: 20 }, (_, i) => `r${i}`))).toHaveLength(QUICK_REPLIES_MAX);
  });

  it('offers the replies containing what follows "/", only for a one-line "/" draft', () => {
    expect(quickReplyMatches('/', DEFAULT_QUICK_REPLIES)).toEqual(DEFAULT_QUICK_REPLIES);
    expect(quickReplyMatches('/LATE', DEFAULT_QUICK_REPLIES)).toEqual(['Running 10 minutes late']);
    expect(quickReplyMatches('late', DEFAULT_QUICK_REPLIES)).toBeNull();
    expect(quickReplyMatches('/a\nb', DEFAULT_QUICK_REPLIES)).toBeNull();
  });

  it('saves edits on the device and shows them to every user of the hook', () => {
    const storage = memory();
    const one = renderHook(() => useQuickReplies('u2', storage));
    const two = renderHook(() => useQuickReplies('u2', storage));
    act(() => one.result.current[1](['Keys collected', ' ']));
    expect(two.result.current[0]).toEqual(['Keys collected']);
    expect(storage.data[quickRepliesKey('u2')]).toBe('["Keys collected"]');
  });
});

describe('quick replies in the composer and in settings', () => {
  const box = () => screen.getByLabelText('Message') as HTMLTextAreaElement;

  it('"/" offers them; arrows and Enter put one in the box without sending; Escape closes', () => {
    render(<Composer roomId="job:j1" quickReplies={DEFAULT_QUICK_REPLIES} />);
    fireEvent.change(box(), { target: { value: '/' } });
    const menu = screen.getByRole('listbox', { name: 'Quick replies' });
    expect(menu.querySelectorAll('[role="option"]')).toHaveLength(3);
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(box().getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1]?.id);
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(box().value).toBe('Running 10 minutes late');
    expect(db.sendMessage).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(db.sendMessage).toHaveBeenCalledWith('job:j1', 'Running 10 minutes late', null);

    fireEvent.change(box(), { target: { value: '/fin' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Finished — photos attached']);
    fireEvent.keyDown(box(), { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('offers nothing without quick replies (clients)', () => {
    render(<Composer roomId="job:j1" />);
    fireEvent.change(box(), { target: { value: '/' } });
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('are edited in settings: change, remove, add, save', () => {
    localStorage.removeItem(quickRepliesKey('u3'));
    render(<QuickRepliesSettings userId="u3" />);
    fireEvent.change(screen.getByLabelText('Quick reply 1'), { target: { value: 'Outside now' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove quick reply 2' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a reply' }));
    fireEvent.change(screen.getByLabelText('Quick reply 3'), { target: { value: 'Parking?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(loadQuickReplies('u3', localStorage)).toEqual(['Outside now', 'Finished — photos attached', 'Parking?']);
    expect(screen.getByRole('status').textContent).toBe('Quick replies saved on this device.');
  });
});
