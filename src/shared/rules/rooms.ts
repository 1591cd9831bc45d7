import { isMessageId, newId } from '../ids';
import type { RoomDoc, RoomPosting, RoomStatus, RoomType } from '../schemas/room';
import type { UserRole } from '../schemas/user';

/**
 * The shape of a room with no messages yet, written the same way by the client (a DM or group
 * made offline) and the server (DMs, job, group, support and announcement rooms). Participants
 * are stored sorted (SPEC §2).
 */
export function emptyRoom(input: {
  id: string;
  room_type: RoomType;
  name?: string;
  job_id?: string | null;
  participant_ids: readonly string[];
  created_by: string;
  now: string;
  status?: RoomStatus | null;
  posting?: RoomPosting;
}): RoomDoc {
  return {
    id: input.id,
    room_type: input.room_type,
    name: input.name ?? '',
    job_id: input.job_id ?? null,
    participant_ids: [...new Set(input.participant_ids)].sort(),
    created_by: input.created_by,
    created_at: input.now,
    updated_at: input.now,
    last_message_content: null,
    last_message_time: null,
    last_message_sender_id: null,
    status: input.status ?? null,
    posting: input.posting ?? 'all',
  };
}

/** Every room holds at most this many people (the schema's `participant_ids` limit too). */
export const ROOM_MAX_MEMBERS = 256;
/** A group is made with at least this many people besides its creator (SPEC §10). */
export const GROUP_MIN_OTHERS = 2;

/** Support and admin accounts: made by an operator, they answer support and post announcements. */
export function isStaffRole(role: UserRole | undefined): boolean {
  return role === 'support' || role === 'admin';
}

/**
 * May someone with this account role post in the room? Announcement rooms (`posting: "staff"`)
 * take messages from staff only; every other room from all its members.
 */
export function mayPost(room: Pick<RoomDoc, 'posting'>, role: UserRole | undefined): boolean {
  return room.posting !== 'staff' || isStaffRole(role);
}

/** Room types whose owners add, remove and rename, and which a member may leave. */
export function isManagedRoom(room: Pick<RoomDoc, 'room_type'>): boolean {
  return room.room_type === 'group' || room.room_type === 'general';
}

/**
 * Group and announcement room ids are `group:<uuid v7>` and `general:<uuid v7>`. A client makes
 * a group's id itself, so a group created offline is pushed once, however often it is retried.
 */
export function managedRoomId(type: 'group' | 'general', id: string = newId()): string {
  return `${type}:${id}`;
}

/** True for `group:<uuid v7 or ULID>`, the only id a pushed group may carry. */
export function isGroupRoomId(id: string): boolean {
  return id.startsWith('group:') && isMessageId(id.slice('group:'.length));
}
