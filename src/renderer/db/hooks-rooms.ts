import { useMemo } from 'react';
import { distinctUntilChanged, map, take } from 'rxjs';
import { jobRoomId } from '../../shared/ids';
import type { RoomDoc } from '../../shared/schemas';
import type { Filter, Tab } from '../store';
import { useCurrentDb } from './current';
import { matchesFilter, matchesTab, roomList$, unreadTotals, type RoomListItem } from './room-list';
import { useObservableValue } from './use-observable';

const EMPTY: RoomListItem[] = [];
const NO_UNREAD = { job: 0, direct: 0, total: 0 };

function useAllRooms(): RoomListItem[] | undefined {
  const { db, me } = useCurrentDb();
  const source = useMemo(() => roomList$(db, me), [db, me]);
  return useObservableValue(source, undefined);
}

/** Rooms of a tab and filter, most recent activity first. */
export function useRoomList(tab: Tab, filter: Filter): { items: RoomListItem[]; loading: boolean } {
  const all = useAllRooms();
  const items = useMemo(
    () => (all ? all.filter((item) => matchesTab(item, tab) && matchesFilter(item, filter)) : EMPTY),
    [all, tab, filter],
  );
  return { items, loading: all === undefined };
}

/**
 * True once the conversation list has had its first rows to show: start-up work that can wait
 * (the search index) waits for it, so it does not compete with the first paint.
 */
export function useRoomListShown(): boolean {
  const { db, me } = useCurrentDb();
  const source = useMemo(() => roomList$(db, me).pipe(take(1), map(() => true)), [db, me]);
  return useObservableValue(source, false);
}

/** Unread counts for the tab badges and the app badge (muted rooms excluded). */
export function useUnreadTotals(): { job: number; direct: number; total: number } {
  const { db, me } = useCurrentDb();
  // Unchanged totals are not emitted: the tabs and the app badge skip a render.
  const source = useMemo(
    () => roomList$(db, me).pipe(map(unreadTotals), distinctUntilChanged((a, b) => a.job === b.job && a.direct === b.direct)),
    [db, me],
  );
  return useObservableValue(source, NO_UNREAD);
}

/** undefined while loading, null when the room is not on this device. */
export function useRoom(roomId: string | undefined): RoomDoc | null | undefined {
  const { db } = useCurrentDb();
  const source = useMemo(
    () =>
      roomId ? db.rooms.findOne(roomId).$.pipe(map((doc) => (doc ? (doc.toJSON() as RoomDoc) : null))) : null,
    [db, roomId],
  );
  return useObservableValue(source, source ? undefined : null);
}

/** The id of a job's chat room once it is on this device; undefined while loading. */
export function useJobRoomId(jobId: string | undefined): string | null | undefined {
  const { db } = useCurrentDb();
  const source = useMemo(() => {
    if (!jobId) return null;
    let roomId: string;
    try {
      roomId = jobRoomId(jobId);
    } catch {
      return null;
    }
    return db.rooms.findOne(roomId).$.pipe(map((doc) => (doc ? doc.id : null)));
  }, [db, jobId]);
  return useObservableValue(source, source ? undefined : null);
}
