import type { RoomListItem } from '../../db';
import type { MembershipDoc, MessageDoc, RoomDoc, UserDoc } from '../../../shared/schemas';

/** Test data builders for the screens' unit tests. */
const T0 = '2025-10-01T00:00:00.000Z';

export function makeUser(id: string, first: string, last: string, extra: Partial<UserDoc> = {}): UserDoc {
  return {
    id,
    username: id,
    first_name: first,
    last_name: last,
    role: 'client',
    avatar_url: null,
    created_at: T0,
    updated_at: T0,
    ...extra,
  };
}

export function makeRoom(id: string, extra: Partial<RoomDoc> = {}): RoomDoc {
  return {
    id,
    room_type: id.startsWith('job:') ? 'job' : 'direct',
    name: '',
    job_id: id.startsWith('job:') ? id.slice(4) : null,
    participant_ids: id.startsWith('dm:') ? id.split(':').slice(1) : [],
    created_by: 'alice',
    created_at: T0,
    updated_at: T0,
    last_message_content: null,
    last_message_time: null,
    last_message_sender_id: null,
    status: null,
    posting: 'all',
    ...extra,
  };
}

export function makeMembership(roomId: string, userId: string, extra: Partial<MembershipDoc> = {}): MembershipDoc {
  return {
    id: `${roomId}|${userId}`,
    room_id: roomId,
    user_id: userId,
    joined_at: T0,
    last_read_at: null,
    archived: false,
    muted: false,
    updated_at: T0,
    role: 'member',
    ...extra,
  };
}

export function makeMessage(id: string, roomId: string, senderId: string, createdAt: string, extra: Partial<MessageDoc> = {}): MessageDoc {
  return {
    id,
    room_id: roomId,
    sender_id: senderId,
    content: `message ${id}`,
    kind: 'text',
    created_at: createdAt,
    server_seq: 1,
    received_at: createdAt,
    edited_at: null,
    attachment: null,
    location: null,
    deleted: false,
    reply_to_id: null,
    album_id: null,
    ...extra,
  };
}

export function makeItem(room: RoomDoc, title: string, extra: Partial<RoomListItem> = {}): RoomListItem {
  return {
    room,
    title,
    peer: null,
    job: null,
    membership: null,
    unread: 0,
    lastActivity: room.last_message_time ?? room.created_at,
    ...extra,
  };
}
