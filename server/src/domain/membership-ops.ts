import type { ChangeRecorder, Store } from '../db/store';
import { membershipId, type RoomDoc } from '../shared';

/**
 * Room membership changes. They only say that the room's audience changed: the recorder works
 * out who gains the room's history and who loses it from the rule in authz.ts.
 */
export async function addMember(store: Store, rec: ChangeRecorder, roomId: string, userId: string, now: string): Promise<void> {
  const id = membershipId(roomId, userId);
  await store.memberships.join(id, roomId, userId, now);
  rec.changed('memberships', id);
  rec.roomAudienceChanged(roomId);
}

export async function removeMember(store: Store, rec: ChangeRecorder, roomId: string, userId: string, now: string): Promise<void> {
  const own = await store.memberships.byIdForUpdate(membershipId(roomId, userId));
  if (!own || own.active !== 1) return;
  await store.memberships.update({ ...own, active: 0, updated_at: now });
  rec.changed('memberships', own.id);
  rec.roomAudienceChanged(roomId);
}

/** Creates a room with its members; false (and no change) when the id exists already. */
export async function createRoom(store: Store, rec: ChangeRecorder, room: RoomDoc, memberIds: string[], now: string): Promise<boolean> {
  if (!(await store.rooms.insert(room))) return false;
  // One statement for all of them (a group holds up to 256), with `addMember`'s effects.
  const rows = [...new Set(memberIds)].map((userId) => ({ id: membershipId(room.id, userId), room_id: room.id, user_id: userId, role: 'member' as const }));
  await store.memberships.joinMany(rows, now);
  for (const { id } of rows) rec.changed('memberships', id);
  rec.roomAudienceChanged(room.id);
  return true;
}

/** Makes the room's active members equal `wanted`, adding and removing members. */
export async function syncMembers(store: Store, rec: ChangeRecorder, room: RoomDoc, wanted: string[], now: string): Promise<void> {
  const next = new Set(wanted);
  for (const id of room.participant_ids) if (!next.has(id)) await removeMember(store, rec, room.id, id, now);
  for (const id of next) if (!room.participant_ids.includes(id)) await addMember(store, rec, room.id, id, now);
}
