import { fullName, singleLine } from '../../components/format';
import type { DesktopNotification } from '../../platform/types';
import { parseDmRoomId, parseJobRoomId } from '../../../shared/ids';
import { notificationTitle, shouldNotify } from '../../../shared/notify';
import { messagePreview } from '../../../shared/preview';
import type { MessageDoc, UserDoc } from '../../../shared/schemas';

export const NOTIFICATION_BODY_MAX = 120;

/** What the app knows about a room when a message for it arrives. */
export interface RoomContext {
  roomType: string;
  muted: boolean;
  /** The room's title as the list shows it (a job chat's is the job's title). */
  name?: string | null;
}

export interface NotifyContext {
  me: string;
  rooms: Readonly<Record<string, RoomContext>>;
  senders: Readonly<Record<string, UserDoc>>;
  windowFocused: boolean;
  since: string;
}

/** The room type named by a room id, for a message whose room has not reached this device yet. */
export function roomTypeFromId(roomId: string): string | null {
  if (parseDmRoomId(roomId)) return 'direct';
  if (parseJobRoomId(roomId)) return 'job';
  return null;
}

/**
 * The desktop notifications for a batch of incoming messages: at most one per room (its newest
 * message), each decided by the shared `shouldNotify` rule.
 */
export function notificationsFor(messages: readonly MessageDoc[], ctx: NotifyContext): DesktopNotification[] {
  const newestPerRoom = new Map<string, MessageDoc>();
  for (const message of messages) {
    const room = ctx.rooms[message.room_id];
    const roomType = room?.roomType ?? roomTypeFromId(message.room_id);
    if (!roomType) continue;
    const wanted = shouldNotify({
      message,
      me: ctx.me,
      roomType,
      muted: room?.muted ?? false,
      windowFocused: ctx.windowFocused,
      since: ctx.since,
    });
    if (!wanted) continue;
    const current = newestPerRoom.get(message.room_id);
    if (!current || message.created_at >= current.created_at) newestPerRoom.set(message.room_id, message);
  }
  return [...newestPerRoom.values()].map((message) => {
    const sender = ctx.senders[message.sender_id];
    const room = ctx.rooms[message.room_id];
    const roomType = room?.roomType ?? roomTypeFromId(message.room_id) ?? '';
    return {
      title: notificationTitle(sender ? fullName(sender) : null, roomType, room?.name ?? null),
      body: singleLine(messagePreview(message), NOTIFICATION_BODY_MAX),
      roomId: message.room_id,
    };
  });
}
