import type { HttpClient } from '../api/http';
import { isGroupRoomId } from '../../shared/rules';
import type { CleanchatDatabase } from './database';

type Requester = Pick<HttpClient, 'request'>;

/** Groups this device has made sure the server holds, per server. */
const ensured = new Map<string, Set<string>>();

/**
 * Before messages go up, the groups they are written in go up first. A group made offline is a
 * local room document that the rooms replication pushes; the messages replication runs on its
 * own, and a message that reached the server before its group was refused and lost. Pushing the
 * same group again is a no-op on the server (and a conflict for a group made elsewhere, which
 * the rooms replication sorts out), so each group is sent at most once per session.
 */
export async function pushGroupsFirst(
  db: CleanchatDatabase,
  http: Requester,
  serverKey: string,
  rows: ReadonlyArray<{ newDocumentState: { room_id?: unknown } }>,
): Promise<void> {
  const done = ensured.get(serverKey) ?? new Set<string>();
  ensured.set(serverKey, done);
  const ids = [
    ...new Set(
      rows
        .map((row) => row.newDocumentState.room_id)
        .filter((id): id is string => typeof id === 'string' && isGroupRoomId(id) && !done.has(id)),
    ),
  ];
  if (ids.length === 0) return;
  const rooms = await db.rooms.findByIds(ids).exec();
  const body = [...rooms.values()].map((doc) => ({
    newDocumentState: { ...doc.toJSON(), _deleted: false },
    assumedMasterState: null,
  }));
  if (body.length > 0) await http.request('POST', '/api/sync/rooms/push', { body });
  for (const id of ids) done.add(id);
}

/** For tests: forget which groups were sent. */
export function resetGroupsFirst(): void {
  ensured.clear();
}
