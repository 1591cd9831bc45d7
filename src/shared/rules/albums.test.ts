import { describe, expect, it } from 'vitest';
import { ALBUM_MAX_PHOTOS } from '../limits';
import { deletedMessage } from './actions';
import { albumProblem, albumSizeProblem, formsAlbum, type AlbumFields } from './albums';

const ALBUM = '0190a6e2-3b4c-7d5e-8f60-123456789abc';
const photo: AlbumFields = { kind: 'image', room_id: 'dm:alice:bob', sender_id: 'alice', album_id: ALBUM };
const member = { room_id: photo.room_id, sender_id: photo.sender_id };

describe('albums', () => {
  it('a message in no album passes whatever its kind', () => {
    expect(albumProblem({ ...photo, kind: 'text', album_id: null })).toBeNull();
  });

  it('the album id is a UUID v7 or a ULID', () => {
    expect(albumProblem(photo)).toBeNull();
    expect(albumProblem({ ...photo, album_id: '01J9ZQ3V7C8Y2K4M6N8P0R2T4W' })).toBeNull();
    expect(albumProblem({ ...photo, album_id: 'album-1' })).toMatch(/UUID v7 or a ULID/);
    expect(albumProblem({ ...photo, album_id: '' })).toMatch(/UUID v7 or a ULID/);
  });

  it('only photos are in albums', () => {
    for (const kind of ['text', 'file', 'voice', 'location'] as const) {
      expect(albumProblem({ ...photo, kind })).toBe('only photos are sent in an album');
    }
  });

  it('every member is of the same room and the same sender', () => {
    expect(albumProblem(photo, [member, member])).toBeNull();
    expect(albumProblem(photo, [member, { ...member, room_id: 'dm:alice:carol' }])).toBe('an album belongs to one room');
    expect(albumProblem(photo, [{ ...member, sender_id: 'mallory' }])).toBe('an album belongs to its sender');
  });

  it(`holds at most ${ALBUM_MAX_PHOTOS} photos`, () => {
    expect(albumProblem(photo, Array(ALBUM_MAX_PHOTOS - 1).fill(member))).toBeNull();
    expect(albumProblem(photo, Array(ALBUM_MAX_PHOTOS).fill(member))).toMatch(/at most 10/);
    expect(albumSizeProblem(ALBUM_MAX_PHOTOS)).toBeNull();
    expect(albumSizeProblem(12)).toBe('You can send up to 10 at once; remove 2.');
  });

  it('two or more photos sent together form an album', () => {
    expect(formsAlbum(['image'])).toBe(false);
    expect(formsAlbum(['image', 'file'])).toBe(false);
    expect(formsAlbum(['image', 'image'])).toBe(true);
    expect(formsAlbum(['file', 'image', 'image'])).toBe(true);
  });

  it('a deleted photo keeps its album, so the grid only loses its tile', () => {
    const message = { ...photo, content: 'caption', deleted: false, edited_at: null, attachment: { id: 'a' } };
    const deleted = deletedMessage(message, '2026-01-01T00:00:00.000Z');
    expect(deleted.album_id).toBe(ALBUM);
    expect(deleted.attachment).toBeNull();
    expect(deleted.content).toBe('');
  });
});
