import { BehaviorSubject, map, type Observable } from 'rxjs';
import type { WireDoc } from '../../shared/replication';
import type { MessageDoc } from '../../shared/schemas';
import { fromWireMessage, toMessageDoc } from './message-codec';

/**
 * Messages the stream has delivered but RxDB has not stored yet. Persisting a streamed document
 * takes RxDB several IndexedDB transactions (the document, its replication meta, the checkpoint);
 * showing it from here meanwhile puts a new message on screen as soon as it arrives. The store
 * stays the source of truth: a stored copy always wins, and an entry lives only a few seconds.
 */
const LIFETIME_MS = 10_000;

const arrivals = new BehaviorSubject<ReadonlyMap<string, MessageDoc>>(new Map());

/** Notes streamed message documents; deleted ones (revoked access) are dropped at once. */
export function noteArrivals(docs: readonly WireDoc<'messages'>[]): void {
  const next = new Map(arrivals.getValue());
  const added: string[] = [];
  for (const doc of docs) {
    if (doc._deleted) {
      next.delete(doc.id);
      continue;
    }
    // The shape a stored copy decodes to, so that the two compare equal field by field.
    next.set(doc.id, toMessageDoc(fromWireMessage(doc)));
    added.push(doc.id);
  }
  arrivals.next(next);
  if (added.length > 0) setTimeout(() => forget(added), LIFETIME_MS);
}

function forget(ids: string[]): void {
  const next = new Map(arrivals.getValue());
  for (const id of ids) next.delete(id);
  arrivals.next(next);
}

export function clearArrivals(): void {
  arrivals.next(new Map());
}

export function roomArrivals$(roomId: string): Observable<MessageDoc[]> {
  return arrivals.pipe(map((all) => [...all.values()].filter((m) => m.room_id === roomId)));
}

/**
 * Merges arrivals into a room window (acknowledged oldest first, then pending). A stored copy
 * wins; an arrival replaces my pending message of the same id (the server has acknowledged it);
 * an arrival older than a full window stays out of it.
 */
export function mergeArrivals(acked: MessageDoc[], pending: MessageDoc[], fresh: MessageDoc[], windowFull: boolean): MessageDoc[] {
  if (fresh.length === 0) return [...acked, ...pending];
  const stored = new Set(acked.map((m) => m.id));
  const oldest = acked[0]?.server_seq ?? 0;
  const extra = fresh.filter((m) => !stored.has(m.id) && m.server_seq > 0 && (!windowFull || m.server_seq > oldest));
  if (extra.length === 0) return [...acked, ...pending];
  const replaced = new Set(extra.map((m) => m.id));
  const merged = [...acked, ...extra].sort((a, b) => a.server_seq - b.server_seq);
  return [...merged, ...pending.filter((m) => !replaced.has(m.id))];
}
