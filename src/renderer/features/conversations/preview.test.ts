import { describe, expect, it } from 'vitest';
import { previewText, rowIndexForKey } from './preview';

const room = (content: string | null, sender: string | null, time: string | null = '2025-10-26T06:38:14.123Z') => ({
  last_message_content: content,
  last_message_sender_id: sender,
  last_message_time: time,
});

describe('previewText', () => {
  it('says when a room has no messages', () => {
    expect(previewText(room(null, null, null), 'me')).toBe('No messages yet');
  });
  it('prefixes my own last message', () => {
    expect(previewText(room('On my way', 'me'), 'me')).toBe('You: On my way');
    expect(previewText(room('On my way', 'bob'), 'me')).toBe('On my way');
  });
  it('flattens and shortens long messages', () => {
    const text = previewText(room(`line one\nline two ${'x'.repeat(200)}`, 'bob'), 'me');
    expect(text.startsWith('line one line two')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect([...text].length).toBe(80);
  });
  it('names a deleted last message', () => {
    expect(previewText(room('', 'bob'), 'me')).toBe('Message deleted');
  });
});

describe('rowIndexForKey', () => {
  it('moves within bounds', () => {
    expect(rowIndexForKey('ArrowDown', 0, 3)).toBe(1);
    expect(rowIndexForKey('ArrowDown', 2, 3)).toBe(2);
    expect(rowIndexForKey('ArrowUp', 0, 3)).toBe(0);
    expect(rowIndexForKey('End', 0, 3)).toBe(2);
    expect(rowIndexForKey('Home', 2, 3)).toBe(0);
  });
  it('ignores other keys and empty lists', () => {
    expect(rowIndexForKey('a', 0, 3)).toBeNull();
    expect(rowIndexForKey('ArrowDown', 0, 0)).toBeNull();
  });
});
