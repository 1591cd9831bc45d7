import { useMemo } from 'react';
import { useRoomList, useUsers, type RoomListItem } from '../../db';
import type { UserDoc } from '../../../shared/schemas';

/** Every participant id of the given rooms, sorted and without duplicates. */
export function participantIds(rooms: readonly { participant_ids: readonly string[] }[]): string[] {
  const ids = new Set<string>();
  for (const room of rooms) for (const id of room.participant_ids) ids.add(id);
  return [...ids].sort();
}

/**
 * The people this device knows: everyone who shares a room with me (the only users the
 * server replicates to me). Keyed by id; `me` is included when present locally. Also returns
 * every room in either tab, which is where the people come from.
 */
export function useKnownUsers(): { byId: Record<string, UserDoc>; list: UserDoc[]; rooms: RoomListItem[] } {
  const direct = useRoomList('direct', 'all').items;
  const job = useRoomList('job', 'all').items;
  const rooms = useMemo(() => [...direct, ...job], [direct, job]);
  const ids = useMemo(() => participantIds(rooms.map((item) => item.room)), [rooms]);
  const byId = useUsers(ids);
  const list = useMemo(() => Object.values(byId), [byId]);
  return { byId, list, rooms };
}
