import { describe, expect, it } from 'vitest';
import { isMessageId } from '../../shared/ids';
import { prepareFiles } from './prepare';

const file = (name: string, type: string) => new File([new Uint8Array([1, 2, 3])], name, { type });

describe('prepareFiles', () => {
  it('gives two or more photos chosen together one album id; a file among them goes on its own; the caption goes on the first', async () => {
    const prepared = await prepareFiles(
      'dm:alice:bob',
      [file('a.jpg', 'image/jpeg'), file('list.pdf', 'application/pdf'), file('b.png', 'image/png')],
      'Before',
    );
    const [a, pdf, b] = prepared.map((p) => p.entry);
    expect(a?.album_id).toBeTruthy();
    expect(isMessageId(a?.album_id)).toBe(true);
    expect(b?.album_id).toBe(a?.album_id);
    expect(pdf?.album_id).toBeNull();
    expect(prepared.map((p) => p.entry.content)).toEqual(['Before', '', '']);
    expect(new Set(prepared.map((p) => p.entry.id)).size).toBe(3);
  });

  it('a single photo, or photos sent apart, are in no album; each send has its own album', async () => {
    const [one] = await prepareFiles('r', [file('a.jpg', 'image/jpeg')], '');
    expect(one?.entry.album_id).toBeNull();
    const first = await prepareFiles('r', [file('a.jpg', 'image/jpeg'), file('b.jpg', 'image/jpeg')], '');
    const second = await prepareFiles('r', [file('a.jpg', 'image/jpeg'), file('b.jpg', 'image/jpeg')], '');
    expect(first[0]?.entry.album_id).not.toBe(second[0]?.entry.album_id);
  });
});
