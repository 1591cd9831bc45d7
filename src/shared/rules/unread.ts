/** The fields the unread rule looks at. */
export interface UnreadFields {
  sender_id: string;
  deleted: boolean;
  received_at: string | null;
}

/**
 * The unread rule (SPEC §2): a message from someone else, not deleted, received by the server
 * after my `last_read_at` (everything from others when I have never read the room). It uses the
 * server's clock, so no writer's `created_at` can hide a message. A message not yet received
 * (`received_at: null`) is my own pending one and never unread.
 *
 * The renderer's count query (`db/unread.ts`) and the server's SQL (`db/messages.ts`) are this
 * rule written as queries; their tests compare them with this function.
 */
export function isUnread(message: UnreadFields, me: string, lastReadAt: string | null): boolean {
  if (message.sender_id === me || message.deleted || message.received_at === null) return false;
  return lastReadAt === null || message.received_at > lastReadAt;
}

/** How many of `messages` are unread for `me`. */
export function countUnread(
  messages: readonly UnreadFields[],
  me: string,
  lastReadAt: string | null,
): number {
  return messages.reduce((n, m) => (isUnread(m, me, lastReadAt) ? n + 1 : n), 0);
}

/**
 * "Seen" for a message of mine: another member's read marker is at or after its `received_at`.
 * Both sides of the comparison are on the server's clock.
 */
export function isSeenBy(message: { received_at: string | null }, lastReadAt: string | null): boolean {
  return message.received_at !== null && lastReadAt !== null && lastReadAt >= message.received_at;
}
