import type { ChangeRecorder, Store } from '../db/store';
import { membershipId, type RoomDoc } from '../shared';

/**
 * Room membership changes and what each user must receive because of them. Gaining access
 * stamps the room's whole history into the newcomer's feed; losing access stamps it revoked.
 */
export function addMember(store: Store, rec: ChangeRecorder, room: RoomDoc, userId: string, now: string): void {
  store.memberships.join(membershipId(room.id, userId), room.id, userId, now);
  const members = store.memberships.activeInRoom(room.id);
  const memberIds = members.map((m) => m.user_id);
  rec.touch('rooms', room.id, memberIds);
  rec.touch('memberships', membershipId(room.id, userId), memberIds);
  for (const m of members) {
    if (m.user_id === userId) continue;
    rec.touch('memberships', m.id, [userId]);
    rec.touch('users', m.user_id, [userId]);
  }
  rec.touch('users', userId, memberIds);
  rec.touchRoomMessages(userId, room.id, false);
  if (room.job_id) rec.touch('jobs', room.job_id, [userId]);
}

export function removeMember(store: Store, rec: ChangeRecorder, room: RoomDoc, userId: string, now: string): void {
  const own = store.memberships.byId(membershipId(room.id, userId));
  if (!own || own.active !== 1) return;
  const before = store.memberships.activeInRoom(room.id);
  store.memberships.update({ ...own, active: 0, updated_at: now });
  const remaining = before.filter((m) => m.user_id !== userId);
  const remainingIds = remaining.map((m) => m.user_id);

  rec.touch('rooms', room.id, [userId], true);
  rec.touch('rooms', room.id, remainingIds);
  for (const m of before) rec.touch('memberships', m.id, [userId], true);
  rec.touch('memberships', own.id, remainingIds, true);
  rec.touchRoomMessages(userId, room.id, true);
  if (room.job_id) rec.touch('jobs', room.job_id, [userId], true);
  for (const other of remainingIds) {
    if (store.memberships.sharesRoom(userId, other)) continue;
    rec.touch('users', other, [userId], true);
    rec.touch('users', userId, [other], true);
  }
}

/** Creates a room with its members; false (and no change) when the id exists already. */
export function createRoom(store: Store, rec: ChangeRecorder, room: RoomDoc, memberIds: string[], now: string): boolean {
  if (!store.rooms.insert(room)) return false;
  for (const userId of memberIds) addMember(store, rec, room, userId, now);
  return true;
}

/** Makes the room's participants equal `wanted`, adding and removing members. */
export function syncParticipants(store: Store, rec: ChangeRecorder, room: RoomDoc, wanted: string[], now: string): RoomDoc {
  const next = [...new Set(wanted)].sort();
  const updated: RoomDoc = { ...room, participant_ids: next, updated_at: now };
  store.rooms.update(updated);
  for (const id of room.participant_ids) if (!next.includes(id)) removeMember(store, rec, updated, id, now);
  for (const id of next) if (!room.participant_ids.includes(id)) addMember(store, rec, updated, id, now);
  return updated;
}
