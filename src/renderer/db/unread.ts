import { combineLatest, firstValueFrom, map, Observable } from 'rxjs';
import type { MangoQuerySelector, RxStorageChangeEvent } from 'rxdb';
import { isUnread } from '../../shared/rules';
import { PENDING_SERVER_SEQ } from '../../shared/schemas';
import type { CleanchatDatabase } from './database';
import { toMessageDoc, type LocalMessageDoc } from './message-codec';
import { newestAcked$ } from './newest';

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
    db.messages
      .find({ selector: unreadSelector(roomId, me, lastReadAt) })
      .exec()
      .then((docs) => {
        const set = new Set(docs.map((doc) => doc.primary));
        apply(set, early);
        early = [];
        unread = set;
        subscriber.next(set.size);
      })
      .catch((err: unknown) => subscriber.error(err));
    return () => subscription.unsubscribe();
  });
}

export function unreadCount(
  db: CleanchatDatabase,
  roomId: string,
  me: string,
  lastReadAt: string | null,
): Promise<number> {
  return db.messages.count({ selector: unreadSelector(roomId, me, lastReadAt) }).exec();
}

/** The room's newest acknowledged message, live; read forwards (a `desc` sort reads the whole room). */
function newestAcked(db: CleanchatDatabase, roomId: string): Observable<LocalMessageDoc | null> {
  return newestAcked$(db, roomId, Infinity, 1).pipe(map((window) => window.docs.at(-1) ?? null));
}

/**
 * The newest message in a room: my latest pending one when there is one (it is newer than
 * anything the server has), else the last in the server's order. No writer's clock decides.
 */
export function newestMessage$(db: CleanchatDatabase, roomId: string): Observable<LocalMessageDoc | null> {
  const pending$ = db.messages.findOne({
    selector: { room_id: roomId, server_seq: PENDING_SERVER_SEQ },
    sort: [{ created_at: 'desc' }],
  }).$;
  return combineLatest([pending$, newestAcked(db, roomId)]).pipe(
    map(([pending, acked]) => (pending ? (pending.toJSON() as LocalMessageDoc) : acked)),
  );
}

/** The server's clock at the newest stored message of a room, or null when none is stored. */
export async function newestReceivedAt(db: CleanchatDatabase, roomId: string): Promise<string | null> {
  const doc = await firstValueFrom(newestAcked(db, roomId));
  return doc?.received_at ?? null;
}
