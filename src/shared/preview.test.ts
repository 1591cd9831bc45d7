import { describe, expect, it } from 'vitest';
import { formatDuration, messagePreview } from './preview';

const attachment = { name: 'file.pdf', duration_ms: null };

describe('messagePreview', () => {
  it('names photos, voice notes, locations and files, with the caption after a colon', () => {
    expect(messagePreview({ kind: 'image', content: '', attachment })).toBe('Photo');
    expect(messagePreview({ kind: 'image', content: ' Before the clean ', attachment })).toBe(
      'Photo: Before the clean',
    );
    expect(
      messagePreview({ kind: 'voice', content: '', attachment: { name: 'v.ogg', duration_ms: 12_400 } }),
    ).toBe('Voice message (0:12)');
    expect(messagePreview({ kind: 'location', content: '' })).toBe('Location');
    expect(messagePreview({ kind: 'file', content: '', attachment })).toBe('file.pdf');
    expect(messagePreview({ kind: 'file', content: 'The invoice', attachment })).toBe(
      'file.pdf: The invoice',
    );
  });

  it('is the text itself for text messages and empty for deleted ones', () => {
    expect(messagePreview({ kind: 'text', content: 'On my way' })).toBe('On my way');
    expect(messagePreview({ kind: 'image', content: 'x', deleted: true, attachment })).toBe('');
  });
});

describe('formatDuration', () => {
  it('writes m:ss, and h:mm:ss from an hour', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(61_000)).toBe('1:01');
    expect(formatDuration(300_000)).toBe('5:00');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});
