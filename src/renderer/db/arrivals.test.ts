import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageDoc } from '../../shared/schemas';
import { clearArrivals, mergeArrivals, noteArrivals, roomArrivals$ } from './arrivals';

const msg = (id: string, seq: number, extra: Partial<MessageDoc> = {}): MessageDoc => ({
  id,
  room_id: 'dm:a:b',
  sender_id: 'b',
  content: id,
  kind: 'text',
  created_at: '2026-01-01T10:00:00.000Z',
  server_seq: seq,
  received_at: '2026-01-01T10:00:00.000Z',
  edited_at: null,
  attachment: null,
  location: null,
  deleted: false,
  reply_to_id: null,
  album_id: null,
  ...extra,
});

afterEach(clearArrivals);

describe('mergeArrivals', () => {
  it('shows a streamed message after the stored ones, in server order', () => {
    const merged = mergeArrivals([msg('m1', 1), msg('m2', 2)], [], [msg('m3', 3)], false);
    expect(merged.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('prefers the stored copy and never shows a message twice', () => {
    const stored = msg('m2', 2, { content: 'stored' });
    const merged = mergeArrivals([msg('m1', 1), stored], [], [msg('m2', 2, { content: 'streamed' })], false);
    expect(merged).toEqual([msg('m1', 1), stored]);
  });

  it('replaces my pending message once the server acknowledges it', () => {
    const pending = msg('mine', 0, { sender_id: 'a' });
    const merged = mergeArrivals([msg('m1', 1)], [pending, msg('other', 0)], [msg('mine', 2, { sender_id: 'a' })], false);
    expect(merged.map((m) => [m.id, m.server_seq])).toEqual([
      ['m1', 1],
      ['mine', 2],
      ['other', 0],
    ]);
  });

  it('keeps messages older than a full window out of it', () => {
    const merged = mergeArrivals([msg('m5', 5), msg('m6', 6)], [], [msg('m2', 2)], true);
    expect(merged.map((m) => m.id)).toEqual(['m5', 'm6']);
  });
});

describe('noteArrivals', () => {
  it('keeps streamed messages per room and drops revoked ones', async () => {
    noteArrivals([
      { ...msg('m1', 1), _deleted: false },
      { ...msg('x', 2, { room_id: 'job:j' }), _deleted: false },
    ]);
    expect((await firstValueFrom(roomArrivals$('dm:a:b'))).map((m) => m.id)).toEqual(['m1']);
    noteArrivals([{ ...msg('m1', 1), _deleted: true }]);
    expect(await firstValueFrom(roomArrivals$('dm:a:b'))).toEqual([]);
  });
});
