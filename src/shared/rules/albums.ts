import { isMessageId } from '../ids';
import { ALBUM_MAX_PHOTOS } from '../limits';
import type { MessageKind } from '../schemas/message';

/**
 * Albums: several photos sent at once, one message each (a message carries one attachment,
 * SPEC §8), linked by the `album_id` the sender's device chose, so the timeline groups them
 * by what was sent together, never by a guess from adjacency. The server applies this rule to
 * every pushed message and the composer to what it is about to send.
 */

/** The fields of a message that say which album it is in. */
export interface AlbumFields {
  kind: MessageKind;
  room_id: string;
  sender_id: string;
  album_id: string | null;
}

/** A message already stored in the same album. */
export type AlbumMember = Pick<AlbumFields, 'room_id' | 'sender_id'>;

/**
 * Why `message` may not be in its album, or null (also when it is in none): the album id is a
 * UUID v7 or a ULID like other client-chosen ids, only photos are in albums, and every message
 * already in the album (`members`) is of the same room and sender, and fewer than
 * ALBUM_MAX_PHOTOS of them.
 */
export function albumProblem(message: AlbumFields, members: readonly AlbumMember[] = []): string | null {
  if (message.album_id === null) return null;
  if (!isMessageId(message.album_id)) return 'album_id must be a UUID v7 or a ULID';
  if (message.kind !== 'image') return 'only photos are sent in an album';
  if (members.some((m) => m.room_id !== message.room_id)) return 'an album belongs to one room';
  if (members.some((m) => m.sender_id !== message.sender_id)) return 'an album belongs to its sender';
  if (members.length >= ALBUM_MAX_PHOTOS) return `an album holds at most ${ALBUM_MAX_PHOTOS} photos`;
  return null;
}

/** Why these chosen files cannot go as one send, or null: at most ALBUM_MAX_PHOTOS at once. */
export function albumSizeProblem(count: number): string | null {
  return count > ALBUM_MAX_PHOTOS ? `You can send up to ${ALBUM_MAX_PHOTOS} at once; remove ${count - ALBUM_MAX_PHOTOS}.` : null;
}

/** Whether what is sent together holds an album: two or more photos (files among them go on their own). */
export function formsAlbum(kinds: readonly MessageKind[]): boolean {
  return kinds.filter((kind) => kind === 'image').length > 1;
}
