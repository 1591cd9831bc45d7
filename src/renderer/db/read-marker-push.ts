import { filter, firstValueFrom, race, timer, type Observable } from 'rxjs';

/**
 * Read markers reach the server at most about twice a second. In an open room every arrival
 * moves my read marker (`markRead`), and each move used to be a push of its own: a request, a
 * write and a feed row on the server, and a membership change streamed to both sides, per
 * incoming message. The marker is still written on the device at once (badges and the divider
 * read it there); only its push is gathered. After a push that only moves read markers, the
 * memberships replication holds its handler until `READ_PUSH_HOLD_MS` has passed since the
 * push began. RxDB queues the writes made meanwhile and pushes them together when the handler
 * returns, newest state per document, so a run of arrivals costs one push per hold, and the
 * first marker after a quiet spell still leaves at once. What the marker becomes is decided
 * by `readMarker`/`acceptReadMarker` in src/shared, on both sides, as before.
 */

/** The shortest time between two read-marker pushes. Others see "Seen" at most this much later. */
export const READ_PUSH_HOLD_MS = 500;

/** The fields a read is allowed to change (RxDB's own metadata moves with every write). */
const READ_FIELDS: ReadonlySet<string> = new Set(['last_read_at', 'updated_at', '_meta', '_rev']);

interface Row {
  newDocumentState: object;
  assumedMasterState?: object | null;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The row changes only the read marker (and the time of the change) of a membership the server has. */
export function movesReadMarkerOnly(row: Row): boolean {
  const before = row.assumedMasterState as Record<string, unknown> | null | undefined;
  if (!before) return false;
  const after = row.newDocumentState as Record<string, unknown>;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!READ_FIELDS.has(key) && !sameValue(before[key], after[key])) return false;
  }
  return true;
}

/** A local membership write, as RxDB's change events carry it. */
export interface MembershipWrite {
  documentData: object;
  previousDocumentData?: object;
}

/**
 * Runs the memberships `push` of `rows` at once; when every row only moves a read marker, the
 * answer is handed back after `holdMs` from the start, so the reads made meanwhile leave as one
 * push. Any other membership write (archive, mute) ends the hold at once: it must reach the
 * server before a message that would un-archive the room. A failed push, or one answered with
 * conflicts, is not held.
 */
export async function pushHoldingReadMarkers<T extends readonly unknown[]>(
  rows: readonly Row[],
  push: () => Promise<T>,
  writes$: Observable<MembershipWrite>,
  holdMs = READ_PUSH_HOLD_MS,
): Promise<T> {
  const began = Date.now();
  const answer = await push();
  const left = holdMs - (Date.now() - began);
  // A conflict (the server's copy moved meanwhile, say a new message un-archived the room) goes
  // back at once: RxDB settles it before anything else is written on top of the old state.
  if (left > 0 && answer.length === 0 && rows.length > 0 && rows.every(movesReadMarkerOnly)) {
    const other$ = writes$.pipe(
      filter((w) => !movesReadMarkerOnly({ assumedMasterState: w.previousDocumentData ?? null, newDocumentState: w.documentData })),
    );
    await firstValueFrom(race(timer(left), other$), { defaultValue: null });
  }
  return answer;
}
