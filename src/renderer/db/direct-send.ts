import type { WireDoc } from '../../shared/replication';

/**
 * The replication's own push of a message that the direct send (`pushAhead`) already stored.
 * The server answers that second push with its stored copy as a conflict (a replayed create),
 * and RxDB's conflict handler takes it: the message shows as sent. The same copy comes down the
 * stream a moment after the direct send, so this module answers the push with it instead, and
 * the server is spared one of the three requests each message used to cost it. Whatever is
 * not certain (the direct send failed or was refused, the copy has not streamed in after a
 * while, the document changed since) is pushed as before.
 */

type WireMessage = WireDoc<'messages'>;

/** How long a push waits for a direct send in flight and for its copy on the stream. */
export const COPY_WAIT_MS = 1500;
/** Bookkeeping of a send whose push never came (sent elsewhere, signed out) is dropped after this. */
const FORGET_MS = 30_000;

interface Send {
  /** The row's document as the direct send posted it. */
  doc: WireMessage;
  /** Resolves true once the server stored it (an answer without conflicts), false otherwise. */
  landed: Promise<boolean>;
  /** The server's copy, from the stream. */
  copy: WireMessage | null;
  onCopy: (() => void) | null;
}

const sends = new Map<string, Send>();

/** Notes a direct send of `doc` whose request settles with `landed`. */
export function trackDirectSend(doc: WireMessage, landed: Promise<boolean>): void {
  sends.set(doc.id, { doc, landed, copy: sends.get(doc.id)?.copy ?? null, onCopy: null });
  setTimeout(() => sends.delete(doc.id), FORGET_MS);
}

/** Streamed message documents: the server's copies of direct sends (the author gets them too). */
export function noteServerCopies(docs: readonly WireMessage[]): void {
  for (const doc of docs) {
    const send = sends.get(doc.id);
    if (!send) continue;
    send.copy = doc;
    send.onCopy?.();
  }
}

export function clearDirectSends(): void {
  sends.clear();
}

/** The pushed row is exactly what the direct send posted: nothing changed locally since. */
function samePush(sent: WireMessage, pushed: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(sent), ...Object.keys(pushed)]);
  for (const key of keys) {
    const a = (sent as Record<string, unknown>)[key] ?? null;
    const b = pushed[key] ?? null;
    if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) return false;
  }
  return true;
}

function copyOf(send: Send, signal: Promise<void>): Promise<WireMessage | null> {
  if (send.copy) return Promise.resolve(send.copy);
  return Promise.race([
    new Promise<WireMessage | null>((resolve) => (send.onCopy = () => resolve(send.copy))),
    signal.then(() => null),
  ]);
}

export interface PushRow {
  newDocumentState: Record<string, unknown> & { id?: unknown };
  assumedMasterState?: unknown;
}

/**
 * Splits a messages push: the rows a direct send has stored, answered with the server's
 * streamed copy (RxDB's conflict answer), and the rest, to push as usual.
 */
export async function answerDirectSends<R extends PushRow>(rows: readonly R[]): Promise<{ answered: WireMessage[]; rest: R[] }> {
  if (!rows.some((row) => sends.has(String(row.newDocumentState.id)))) return { answered: [], rest: [...rows] };
  const waited = new Promise<void>((resolve) => setTimeout(resolve, COPY_WAIT_MS));
  const outcomes = await Promise.all(
    rows.map(async (row) => {
      const id = row.newDocumentState.id;
      const send = typeof id === 'string' ? sends.get(id) : undefined;
      if (!send || row.assumedMasterState || !samePush(send.doc, row.newDocumentState)) return null;
      const landed = await Promise.race([send.landed, waited.then(() => false)]);
      if (!landed) return null;
      const copy = await copyOf(send, waited);
      if (copy) sends.delete(send.doc.id);
      return copy;
    }),
  );
  const answered: WireMessage[] = [];
  const rest: R[] = [];
  rows.forEach((row, i) => {
    const copy = outcomes[i];
    if (copy) answered.push(copy);
    else rest.push(row);
  });
  return { answered, rest };
}
