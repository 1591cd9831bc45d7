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

/** The fields a read is allowed to change. */
const READ_FIELDS: ReadonlySet<string> = new Set(['last_read_at', 'updated_at']);

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

/**
 * Runs the memberships `push` of `rows` at once; when every row only moves a read marker, the
 * answer is handed back after `holdMs` from the start, so the writes made meanwhile leave as one
 * push. A failed push is not held: RxDB's retry timing applies.
 */
export async function pushHoldingReadMarkers<T>(rows: readonly Row[], push: () => Promise<T>, holdMs = READ_PUSH_HOLD_MS): Promise<T> {
  const began = Date.now();
  const answer = await push();
  const left = holdMs - (Date.now() - began);
  if (left > 0 && rows.length > 0 && rows.every(movesReadMarkerOnly)) {
    await new Promise((resolve) => setTimeout(resolve, left));
  }
  return answer;
}
