import { describe, expect, it } from 'vitest';
import type { MessageDoc } from '../../../shared/schemas';
import { rowIndexOf, timelineRows } from './timelineRows';

const T = '2026-01-01T10:00:00.000Z';
let n = 0;
function msg(extra: Partial<MessageDoc> = {}): MessageDoc {
  n += 1;
  return {
    id: `m${n}`, room_id: 'r', sender_id: 'alice', content: '', kind: 'text', created_at: T, server_seq: n, received_at: T,
    edited_at: null, deleted: false, attachment: null, location: null, reply_to_id: null, album_id: null, ...extra,
  };
}
const photo = (album: string | null, extra: Partial<MessageDoc> = {}) => msg({ kind: 'image', album_id: album, ...extra });
const shape = (rows: ReturnType<typeof timelineRows>) => rows.map((r) => (r.album ? r.album.map((m) => m.id) : r.message.id));

describe('timelineRows', () => {
  it('groups the consecutive photos of one album into one row, its first photo standing for it', () => {
    const a = [photo('A', { content: 'Before and after' }), photo('A'), photo('A')];
    const text = msg();
    const rows = timelineRows([text, ...a]);
    expect(shape(rows)).toEqual([text.id, a.map((m) => m.id)]);
    expect(rows[1]?.message.content).toBe('Before and after');
    expect(rows[1]?.key).toBe(a[0]?.id);
  });

  it('never groups by adjacency alone: photos without an album, or of two albums, stay apart', () => {
    const loose = [photo(null), photo(null)];
    const two = [photo('A'), photo('A'), photo('B'), photo('B')];
    expect(shape(timelineRows([...loose, ...two]))).toEqual([
      loose[0]?.id, loose[1]?.id, [two[0]?.id, two[1]?.id], [two[2]?.id, two[3]?.id],
    ]);
  });

  it('a message in between splits an album; another sender never joins it', () => {
    const p = [photo('A'), photo('A'), photo('A', { sender_id: 'bob' })];
    expect(shape(timelineRows(p))).toEqual([[p[0]?.id, p[1]?.id], p[2]?.id]);
  });

  it('a deleted photo only loses its tile; one left is a plain photo; none left is one deleted message', () => {
    const a = [photo('A', { deleted: true }), photo('A'), photo('A')];
    const rows = timelineRows(a);
    expect(shape(rows)).toEqual([[a[1]?.id, a[2]?.id]]);
    expect(rows[0]?.key).toBe(a[0]?.id);
    expect(rowIndexOf(rows, a[0]?.id)).toBe(0);

    const b = [photo('B', { deleted: true }), photo('B')];
    expect(timelineRows(b)).toEqual([{ key: b[0]?.id, message: b[1], album: null, ids: [b[0]?.id, b[1]?.id] }]);

    const c = [photo('C', { deleted: true }), photo('C', { deleted: true })];
    expect(timelineRows(c)).toEqual([{ key: c[0]?.id, message: c[0], album: null, ids: [c[0]?.id, c[1]?.id] }]);
  });

  it('finds the row of any message id', () => {
    const a = [msg(), photo('A'), photo('A'), msg()];
    const rows = timelineRows(a);
    expect([a[0], a[2], a[3]].map((m) => rowIndexOf(rows, m?.id))).toEqual([0, 1, 2]);
    expect(rowIndexOf(rows, 'nope')).toBe(-1);
    expect(rowIndexOf(rows, null)).toBe(-1);
  });
});
