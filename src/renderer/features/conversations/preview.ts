import { singleLine } from '../../components/format';
import type { RoomDoc } from '../../../shared/schemas';

export const PREVIEW_MAX_CHARS = 80;

type RoomSummary = Pick<RoomDoc, 'last_message_content' | 'last_message_time' | 'last_message_sender_id'>;

/**
 * The one-line preview under a conversation's name: "No messages yet" for an empty room,
 * "Message deleted" when the last message was deleted (the server clears its content),
 * and "You: " before my own last message.
 */
export function previewText(room: RoomSummary, me: string): string {
  if (!room.last_message_time && !room.last_message_content) return 'No messages yet';
  const text = singleLine(room.last_message_content ?? '', PREVIEW_MAX_CHARS);
  const body = text || 'Message deleted';
  return room.last_message_sender_id === me ? `You: ${body}` : body;
}

/** Index of the row that Arrow/Home/End moves to from `current`, or null for other keys. */
export function rowIndexForKey(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(current + 1, count - 1);
    case 'ArrowUp':
      return Math.max(current - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
