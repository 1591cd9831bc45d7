import type { MessageDoc } from '../../../shared/schemas';

/**
 * One row of a room's timeline: a message, or an album (photos sent together, one message each,
 * linked by `album_id`) shown as one grid bubble.
 */
export interface TimelineRow {
  /** The first message's id: stable while photos of the album are deleted or arrive. */
  key: string;
  /**
   * The message the row stands for: its caption, menu, reactions and receipt. For an album, its
   * first photo still there (the caption travels on the first one sent).
   */
  message: MessageDoc;
  /** The photos of an album still to show (two or more), in send order; null for a plain row. */
  album: readonly MessageDoc[] | null;
  /** Every message in the row, deleted photos included: what finds the row of a message id. */
  ids: readonly string[];
}

const inAlbum = (m: MessageDoc) => m.album_id !== null && m.kind === 'image';

/** Whether `next` continues the album run that `first` started: same album, same sender. */
const continues = (first: MessageDoc, next: MessageDoc) =>
  inAlbum(next) && next.album_id === first.album_id && next.sender_id === first.sender_id;

/**
 * The rows of a timeline: consecutive photos of one album become one row; a photo deleted from
 * it only takes its tile away; an album down to one photo is a plain photo row, and one whose
 * photos are all deleted is one deleted message. Grouping is by the album id the sender chose,
 * never by adjacency alone: two photos sent one after the other stay two rows.
 */
export function timelineRows(messages: readonly MessageDoc[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let i = 0;
  while (i < messages.length) {
    const first = messages[i] as MessageDoc;
    let end = i + 1;
    if (inAlbum(first)) while (end < messages.length && continues(first, messages[end] as MessageDoc)) end++;
    const run = messages.slice(i, end);
    const live = run.filter((m) => !m.deleted);
    rows.push({
      key: first.id,
      message: live[0] ?? first,
      album: live.length > 1 ? live : null,
      ids: run.map((m) => m.id),
    });
    i = end;
  }
  return rows;
}

/** The index of the row holding message `id`, or -1. */
export function rowIndexOf(rows: readonly TimelineRow[], id: string | null | undefined): number {
  if (!id) return -1;
  return rows.findIndex((row) => row.ids.includes(id));
}
