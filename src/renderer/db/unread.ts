import { distinctUntilChanged, firstValueFrom, map, Observable } from 'rxjs';
import type { MangoQuerySelector, RxStorageChangeEvent } from 'rxdb';
import { isUnread } from '../../shared/rules';
import { PENDING_SERVER_SEQ } from '../../shared/schemas';
import type { CleanchatDatabase } from './database';
import { toMessageDoc, type LocalMessageDoc } from './message-codec';
import { newestAcked$ } from './newest';
import { unreadIdsByWalk } from './unread-walk';

/**
 * The shared unread rule (`isUnread` in src/shared/rules/unread.ts) as a query selector: messages
 * from others, not deleted, received by the server after my last_read_at. Its sender and time
 * conditions are not on an index, so RxDB answers it by loading the room's messages.
 */
export function unreadSelector(
  roomId: string,
  me: string,
  lastReadAt: string | null,
): MangoQuerySelector<LocalMessageDoc> {
  const selector: MangoQuerySelector<LocalMessageDoc> = {
    room_id: roomId,
    server_seq: { $gt: PENDING_SERVER_SEQ },
    sender_id: { $ne: me },
    is_deleted: false,
  };
  if (lastReadAt) selector.received_at = { $gt: lastReadAt };
  return selector;
}

function unreadNow(doc: LocalMessageDoc & { _deleted?: boolean }, me: string, lastReadAt: string | null): boolean {
  return !doc._deleted && doc.server_seq > PENDING_SERVER_SEQ && isUnread(toMessageDoc(doc), me, lastReadAt);
}

/**
 * The live unread count of a room. The query runs once; after that each write's change events
 * add or remove message ids from the set of unread ones. A live RxDB count re-runs its query,
 * loading every message of the room, whenever it falls more than one large bulk behind (its
 * change-event buffer holds 100 events, a pulled batch up to 1,000): during a first sync that
 * happened batch after batch, in long main-thread tasks that grew with the room.
 * Events that arrive while the query runs are applied after it, in order; each carries the
 * document's state after the write, so replaying one the query already saw changes nothing.
 */
export function unreadCount$(
  db: CleanchatDatabase,
  roomId: string,
  me: string,
  lastReadAt: string | null,
): Observable<number> {
  return new Observable<number>((subscriber) => {
    let unread: Set<string> | null = null;
    let early: RxStorageChangeEvent<LocalMessageDoc>[] = [];
    const apply = (set: Set<string>, events: readonly RxStorageChangeEvent<LocalMessageDoc>[]) => {
      const before = set.size;
      for (const event of events) {
        const doc = event.documentData as LocalMessageDoc & { _deleted?: boolean };
        if (doc.room_id !== roomId) continue;
        if (unreadNow(doc, me, lastReadAt)) set.add(event.documentId);
        else set.delete(event.documentId);
      }
      return set.size !== before;
    };
    const subscription = db.messages.eventBulks$.subscribe((bulk) => {
      const events = bulk.events as unknown as RxStorageChangeEvent<LocalMessageDoc>[];
      if (!unread) early.push(...events);
      else if (apply(unread, events)) subscriber.next(unread.size);
    });
    unreadIds(db, roomId, me, lastReadAt)
      .then((ids) => {
        const set = new Set(ids);
        apply(set, early);
        early = [];
        unread = set;
        subscriber.next(set.size);
      })
      .catch((err: unknown) => subscriber.error(err));
    return () => subscription.unsubscribe();
  });
}

/**
 * The ids of a room's unread messages: the index walk from the read part's end
 * (`unreadIdsByWalk`), or, where the index cannot be walked, the storage's own query over the
 * whole room. Either is asked of the storage itself: RxDB 17's `exec()` runs a query again
 * whenever a write commits while it runs (rxdb#7067), so during a first sync a query reading the
 * whole room ran again and again until the sync ended. Here the change events replayed after it
 * put right what was written meanwhile.
 */
async function unreadIds(db: CleanchatDatabase, roomId: string, me: string, lastReadAt: string | null): Promise<string[]> {
  const walked = await unreadIdsByWalk(db, roomId, me, lastReadAt);
  if (walked) return walked;
  const query = db.messages.find({ selector: unreadSelector(roomId, me, lastReadAt) }).getPreparedQuery();
  return db.messages.storageInstance.query(query).then((result) => result.documents.map((doc) => doc.id));
}

export function unreadCount(
  db: CleanchatDatabase,
  roomId: string,
  me: string,
  lastReadAt: string | null,
): Promise<number> {
  return db.messages.count({ selector: unreadSelector(roomId, me, lastReadAt) }).exec();
}

function pendingQuery(db: CleanchatDatabase, roomId: string) {
  return db.messages.findOne({
    selector: { room_id: roomId, server_seq: PENDING_SERVER_SEQ },
    sort: [{ created_at: 'desc' }],
  });
}

/** The room's newest acknowledged message, live; read forwards (a `desc` sort reads the whole room). */
function newestAcked(db: CleanchatDatabase, roomId: string): Observable<LocalMessageDoc | null> {
  return newestAcked$(db, roomId, Infinity, 1).pipe(map((window) => window.docs.at(-1) ?? null));
}

type StoredMessage = LocalMessageDoc & { _deleted?: boolean; _meta?: unknown; _rev?: unknown; _attachments?: unknown };

function plain(doc: StoredMessage): LocalMessageDoc {
  const { _deleted: _d, _meta: _m, _rev: _r, _attachments: _a, ...message } = doc;
  return message;
}

/**
 * The newest message in a room: my latest pending one when there is one (it is newer than
 * anything the server has), else the last in the server's order. No writer's clock decides.
 * Like unreadCount$, the queries run once and each write's change events move the answer on;
 * only losing the newest document itself (revoked, or acknowledged out of the pending set)
 * asks again. A live RxDB query re-ran on every bulk of a first sync larger than RxDB's change
 * buffer.
 */
export function newestMessage$(db: CleanchatDatabase, roomId: string): Observable<LocalMessageDoc | null> {
  return new Observable<LocalMessageDoc | null>((subscriber) => {
    let pending: LocalMessageDoc | null = null;
    let acked: LocalMessageDoc | null = null;
    let ready = false;
    let early: RxStorageChangeEvent<StoredMessage>[] = [];
    let asking = 0;
    const emit = () => {
      if (ready) subscriber.next(pending ?? acked);
    };
    const ask = () => {
      // Events that arrive while the queries run are applied after them, in order.
      ready = false;
      const round = ++asking;
      Promise.all([pendingQuery(db, roomId).exec(), firstValueFrom(newestAcked(db, roomId), { defaultValue: null })])
        .then(([p, a]) => {
          if (round !== asking) return;
          pending = p ? (p.toJSON() as LocalMessageDoc) : null;
          acked = a;
          const replay = early;
          early = [];
          ready = true;
          if (!apply(replay)) emit();
        })
        .catch((err: unknown) => subscriber.error(err));
    };
    /** Applies events; true when they made it ask again (which emits when answered). */
    const apply = (events: readonly RxStorageChangeEvent<StoredMessage>[]): boolean => {
      let again = false;
      for (const event of events) {
        const doc = event.documentData;
        if (doc.room_id !== roomId) continue;
        const gone = doc._deleted === true || event.operation === 'DELETE';
        const isPending = doc.server_seq === PENDING_SERVER_SEQ;
        if (pending?.id === doc.id && (gone || !isPending)) again = true;
        if (acked?.id === doc.id && (gone || isPending)) again = true;
        if (gone) continue;
        if (isPending && (!pending || pending.id === doc.id || doc.created_at >= pending.created_at)) pending = plain(doc);
        if (!isPending && (!acked || acked.id === doc.id || doc.server_seq > acked.server_seq)) acked = plain(doc);
      }
      if (again) ask();
      return again;
    };
    const subscription = db.messages.eventBulks$.subscribe((bulk) => {
      const events = bulk.events as unknown as RxStorageChangeEvent<StoredMessage>[];
      if (!ready) early.push(...events);
      else if (!apply(events)) emit();
    });
    ask();
    return () => subscription.unsubscribe();
  }).pipe(distinctUntilChanged());
}

/** The server's clock at the newest stored message of a room, or null when none is stored. */
export async function newestReceivedAt(db: CleanchatDatabase, roomId: string): Promise<string | null> {
  // A database closing under the query completes it empty: nothing is stored, as far as this asks.
  const doc = await firstValueFrom(newestAcked(db, roomId), { defaultValue: null });
  return doc?.received_at ?? null;
}
