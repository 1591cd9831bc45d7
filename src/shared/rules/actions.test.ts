import { describe, expect, it } from 'vitest';
import { deletedMessage, editedMessage, editStamp, emojiProblem, messageActionProblem, QUICK_REACTIONS } from './index';

const T1 = '2026-03-01T10:00:00.000Z';
const T2 = '2026-03-01T10:00:05.000Z';
const T3 = '2026-03-01T10:00:09.000Z';

const message = {
  id: 'm1',
  room_id: 'dm:a:b',
  sender_id: 'a',
  content: 'first text',
  kind: 'text',
  created_at: T1,
  server_seq: 7,
  received_at: T1,
  edited_at: null as string | null,
  deleted: false,
  reply_to_id: 'm0' as string | null,
};

describe('edit ordering', () => {
  it('the last edit in server order wins, whatever version the editing device last saw', () => {
    const base = message;
    // Two devices both edited `base` offline; the server applies them in the order they arrive.
    const laptopFirst = editedMessage(editedMessage(base, 'laptop', T2), 'phone', T3);
    const phoneFirst = editedMessage(editedMessage(base, 'phone', T2), 'laptop', T3);
    expect(laptopFirst).toMatchObject({ content: 'phone', edited_at: T3 });
    expect(phoneFirst).toMatchObject({ content: 'laptop', edited_at: T3 });
  });

  it('stores the text trimmed and NFC, and leaves every other field alone', () => {
    const edited = editedMessage(message, '  Cafe\u0301  ', T2);
    expect(edited).toEqual({ ...message, content: 'Café', edited_at: T2 });
  });

  it('edited_at never moves back, even when a later edit meets a slower clock', () => {
    expect(editStamp(null, T2)).toBe(T2);
    expect(editStamp(T3, T2)).toBe(T3);
    expect(editedMessage({ ...message, edited_at: T3 }, 'again', T2).edited_at).toBe(T3);
  });

  it('only the sender, and never after a delete', () => {
    expect(messageActionProblem(message, 'a')).toBeNull();
    expect(messageActionProblem(message, 'b')).toMatch(/only the sender/);
    expect(messageActionProblem({ ...message, deleted: true }, 'a')).toMatch(/deleted/);
    // A server-written notice names its author as sender, and still nobody changes it.
    expect(messageActionProblem({ ...message, kind: 'system' }, 'a')).toMatch(/notice/);
  });
});

describe('delete clearing', () => {
  it('clears the content and marks the message deleted, keeping who, where, when and the order', () => {
    expect(deletedMessage(message, T2)).toEqual({ ...message, content: '', deleted: true, edited_at: T2 });
  });

  it('clears every payload field, including ones this rule has never heard of', () => {
    const withPayload = {
      ...message,
      kind: 'image',
      attachment: { id: 'att1', name: 'door.jpg', mime: 'image/jpeg', size: 10, thumbnail: 'data:image/jpeg;base64,AAAA' },
      location: { lat: 51.5, lng: -0.12, label: '9 Lane' },
      caption_lang: 'en',
    };
    const gone = deletedMessage(withPayload, T2);
    expect(gone).toMatchObject({ attachment: null, location: null, caption_lang: '', content: '', deleted: true, kind: 'image' });
    expect(JSON.stringify(gone)).not.toMatch(/door|9 Lane|51\.5|AAAA|first text/);
  });

  it('leaves replication fields alone', () => {
    const local = { ...message, _deleted: false, _rev: '1-abc' };
    expect(deletedMessage(local, T2)).toMatchObject({ _deleted: false, _rev: '1-abc', deleted: true });
  });
});

describe('reaction emoji', () => {
  it('accepts one emoji, including the quick row, flags, skin tones, ZWJ sequences and keycaps', () => {
    for (const ok of [...QUICK_REACTIONS, '🇫🇷', '👍🏽', '👩‍👩‍👧', '1️⃣', '🏳️‍🌈']) expect(emojiProblem(ok), ok).toBeNull();
  });

  it('refuses nothing, text, two emoji, trailing space, and broken Unicode', () => {
    for (const bad of ['', 'a', 'ok', '1', '👍👍', '👍 ', ' 👍', '\uD83D', '🇫']) expect(emojiProblem(bad), JSON.stringify(bad)).not.toBeNull();
  });
});
