import { combineLatest, defer, distinctUntilChanged, filter, map, shareReplay, startWith, tap, timer, type Observable } from 'rxjs';
import { dmPeer } from '../../shared/ids';
import { laterOf } from '../../shared/rules';
import { personName, type JobDoc, type MembershipDoc, type RoomDoc, type UserDoc } from '../../shared/schemas';
import type { CleanchatDatabase } from './database';
import { keyedLatest } from './keyed-latest';
import type { LocalMessageDoc } from './message-codec';
import { newestMessage$, unreadCount$ } from './unread';
import { messagePreview } from '../../shared/preview';

export interface RoomListItem {
  /** The room; last_message_* reflect a newer local (e.g. pending) message when there is one. */
  room: RoomDoc;
  title: string;
  peer: UserDoc | null;
  job: JobDoc | null;
  membership: MembershipDoc | null;
  unread: number;
  /** ISO time of the latest activity, for sorting and display. */
  lastActivity: string;
}

interface RoomStats {
  unread: number;
  newest: LocalMessageDoc | null;
}

function plain<T>(docs: { toJSON(): unknown }[]): T[] {
  return docs.map((doc) => doc.toJSON() as T);
}

function byId<T extends { id: string }>(docs: T[]): Map<string, T> {
  return new Map(docs.map((doc) => [doc.id, doc]));
}

export function roomTitle(
  room: RoomDoc,
  me: string,
  peer: UserDoc | null,
  job: JobDoc | null,
  users: Map<string, UserDoc>,
): string {
  if (room.room_type === 'direct') return personName(peer) || 'Direct message';
  if (room.room_type === 'job') return job?.title || room.name || 'Job chat';
  // Support sees who is asking; the requester sees "Support" or the job it is about.
  if (room.room_type === 'support' && room.created_by !== me) {
    const requester = personName(users.get(room.created_by));
    if (requester) return `${requester} · ${room.name || 'Support'}`;
  }
  if (room.name) return room.name;
  const others = room.participant_ids.filter((id) => id !== me).map((id) => personName(users.get(id)));
  return others.filter(Boolean).join(', ') || 'Conversation';
}

/**
 * Room with the preview taken from the newest local message when the server's room is behind:
 * my pending message always (it counts as activity at once, at my clock), a stored one when it
 * was received at or after the room's last_message_time (both the server's clock). The text is
 * the shared `messagePreview` ("Photo: caption", "Voice message (0:12)").
 */
export function withLocalPreview(room: RoomDoc, newest: LocalMessageDoc | null): RoomDoc {
  if (!newest) return room;
  const time = newest.received_at ?? newest.created_at;
  // The same message as the server's preview (equal times) is previewed here too: the server's
  // last_message_content is the bare caption, and a photo without one must read "Photo".
  if (newest.received_at !== null && room.last_message_time && room.last_message_time > newest.received_at) return room;
  return {
    ...room,
    last_message_content: messagePreview({ ...newest, deleted: newest.is_deleted }),
    last_message_time: laterOf(time, room.last_message_time),
    last_message_sender_id: newest.sender_id,
  };
}

export function buildRoomListItem(
  room: RoomDoc,
  me: string,
  context: {
    users: Map<string, UserDoc>;
    jobs: Map<string, JobDoc>;
    membership: MembershipDoc | null;
    stats?: RoomStats;
  },
): RoomListItem {
  const peerId =
    room.room_type === 'direct'
      ? (dmPeer(room.id, me) ?? room.participant_ids.find((id) => id !== me))
      : null;
  const peer = (peerId && context.users.get(peerId)) || null;
  const job = (room.job_id && context.jobs.get(room.job_id)) || null;
  const shown = withLocalPreview(room, context.stats?.newest ?? null);
  return {
    room: shown,
    title: roomTitle(room, me, peer, job, context.users),
    peer,
    job,
    membership: context.membership,
    unread: context.stats?.unread ?? 0,
    lastActivity: shown.last_message_time ?? room.created_at,
  };
}

/** Most recent activity first; ties by id so the order is stable. */
export function compareRoomItems(a: RoomListItem, b: RoomListItem): number {
  if (a.lastActivity !== b.lastActivity) return a.lastActivity < b.lastActivity ? 1 : -1;
  return a.room.id < b.room.id ? -1 : 1;
}

/**
 * How long the list waits for every room's unread count and newest message before it shows
 * without them: not at all. Counting a never-read room loads its unread messages, seconds for a
 * long history on a cold start or while a first sync writes; the rooms, names and previews are
 * there at once, and the counts fill in. The wait was 200 ms from the list's first query: on a
 * cold start the counts came after it in every run measured (even with two one-message rooms,
 * 250–300 ms after the query, behind the rooms' own read), so it only held the rows back
 * (docs/client.md, "Start-up, stop 21").
 */
export const STATS_WAIT_MS = 0;

/**
 * `stats$` as it comes; if it has said nothing after `waitMs`, null (no counts yet) in the
 * meantime, so what waits on it can show without it. With no wait, null at once (no timer:
 * under load even a zero timeout comes after the tasks queued before it).
 */
export function statsOrNothingAfter<T>(stats$: Observable<T>, waitMs: number): Observable<T | null> {
  if (waitMs <= 0) return stats$.pipe(startWith(null), distinctUntilChanged());
  const waited$ = timer(waitMs).pipe(
    map(() => true),
    startWith(false),
  );
  return combineLatest([stats$.pipe(startWith(null)), waited$]).pipe(
    filter(([stats, waited]) => stats !== null || waited),
    map(([stats]) => stats),
    distinctUntilChanged(),
  );
}

/**
 * Unread count and newest message of every room. A room's count asks again only when its own
 * read marker moves, its newest message only when it joins the list: a read in the open room
 * used to re-run three queries in every room.
 */
function roomStats$(db: CleanchatDatabase, me: string, keys$: Observable<{ roomId: string; lastReadAt: string | null }[]>) {
  const unread$ = keyedLatest(
    keys$.pipe(map((keys) => keys.map((k) => ({ id: k.roomId, key: JSON.stringify(k.lastReadAt) })))),
    ({ id, key }) => unreadCount$(db, id, me, JSON.parse(key) as string | null),
  );
  const newest$ = keyedLatest(
    keys$.pipe(
      map((keys) => keys.map((k) => ({ id: k.roomId, key: '' }))),
      distinctUntilChanged((a, b) => a.length === b.length && a.every((s, i) => s.id === b[i]?.id)),
    ),
    ({ id }) => newestMessage$(db, id),
  );
  return combineLatest([unread$, newest$]).pipe(
    map(([unread, newest]) => {
      const stats = new Map<string, RoomStats>();
      for (const [roomId, count] of unread) stats.set(roomId, { unread: count, newest: newest.get(roomId) ?? null });
      return stats;
    }),
  );
}

/** Plain, small items: equal JSON is equal content. */
const sameItem = (a: RoomListItem, b: RoomListItem) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Hands out the previous item object for a room whose item is equal, and the previous list when
 * every item and the order are the same, so a list emission that changes nothing on screen
 * renders nothing, and one that changes one room re-renders that row only (RoomRow is memoised).
 */
export function keepEqualItems(): (items: RoomListItem[]) => RoomListItem[] {
  let previous: RoomListItem[] = [];
  let byRoom = new Map<string, RoomListItem>();
  return (items) => {
    const next = new Map<string, RoomListItem>();
    const kept = items.map((item) => {
      const before = byRoom.get(item.room.id);
      const chosen = before && sameItem(before, item) ? before : item;
      next.set(chosen.room.id, chosen);
      return chosen;
    });
    byRoom = next;
    if (kept.length === previous.length && kept.every((item, i) => item === previous[i])) return previous;
    previous = kept;
    return kept;
  };
}

/** A User Timing mark the first time it is called (start-up steps for bench/waterfall.ts). */
function firstMark(name: string): () => void {
  let done = false;
  return () => {
    if (!done) performance.mark(name);
    done = true;
  };
}

function buildRoomList$(db: CleanchatDatabase, me: string): Observable<RoomListItem[]> {
  const rooms$ = db.rooms.find().$.pipe(
    map((docs) => plain<RoomDoc>(docs)),
    tap(firstMark('cleanchat:list-rooms')),
  );
  const memberships$ = db.memberships
    .find({ selector: { user_id: me } })
    .$.pipe(map((docs) => new Map(plain<MembershipDoc>(docs).map((m) => [m.room_id, m]))));
  const users$ = db.users.find().$.pipe(map((docs) => byId(plain<UserDoc>(docs))));
  const jobs$ = db.jobs.find().$.pipe(map((docs) => byId(plain<JobDoc>(docs))));
  const keys$ = combineLatest([rooms$, memberships$]).pipe(
    map(([rooms, memberships]) =>
      rooms.map((room) => ({ roomId: room.id, lastReadAt: memberships.get(room.id)?.last_read_at ?? null })),
    ),
    distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  const stats$ = roomStats$(db, me, keys$).pipe(tap(firstMark('cleanchat:list-stats')));
  return defer(() => {
    const keep = keepEqualItems();
    return combineLatest([rooms$, memberships$, users$, jobs$, statsOrNothingAfter(stats$, STATS_WAIT_MS)]).pipe(
      map(([rooms, memberships, users, jobs, stats]) =>
        keep(
          rooms
            .map((room) =>
              buildRoomListItem(room, me, {
                users,
                jobs,
                membership: memberships.get(room.id) ?? null,
                stats: stats?.get(room.id),
              }),
            )
            .sort(compareRoomItems),
        ),
      ),
      distinctUntilChanged(),
    );
  });
}

const shared = new WeakMap<CleanchatDatabase, Observable<RoomListItem[]>>();

/** Every room of the user, most recent first; one shared live pipeline per database. */
export function roomList$(db: CleanchatDatabase, me: string): Observable<RoomListItem[]> {
  let list = shared.get(db);
  if (!list) {
    list = buildRoomList$(db, me).pipe(
      tap({ subscribe: () => performance.mark('cleanchat:list-query'), next: firstMark('cleanchat:list-data') }),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    shared.set(db, list);
  }
  return list;
}

export type RoomTab = 'job' | 'direct';
export type RoomFilter = 'active' | 'archived' | 'all';

/** Job chats under "Job Chats"; DMs and every other room type under "Direct Messages". */
export function matchesTab(item: RoomListItem, tab: RoomTab): boolean {
  return tab === 'job' ? item.room.room_type === 'job' : item.room.room_type !== 'job';
}

export function matchesFilter(item: RoomListItem, filter: RoomFilter): boolean {
  if (filter === 'all') return true;
  const archived = item.membership?.archived ?? false;
  return filter === 'archived' ? archived : !archived;
}

/** Unread totals for the tab badges and the app badge; muted rooms do not count. */
export function unreadTotals(items: RoomListItem[]): { job: number; direct: number; total: number } {
  let job = 0;
  let direct = 0;
  for (const item of items) {
    if (item.membership?.muted) continue;
    if (item.room.room_type === 'job') job += item.unread;
    else direct += item.unread;
  }
  return { job, direct, total: job + direct };
}
