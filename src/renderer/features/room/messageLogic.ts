import { calendarDaysBetween } from '../../components/format';
import { isSeenBy, isUnread, laterOf } from '../../../shared/rules';
import type { MembershipDoc, MessageDoc } from '../../../shared/schemas';
import { PENDING_SERVER_SEQ, SYSTEM_KIND } from '../../../shared/schemas';

export type Receipt = 'sending' | 'sent' | 'seen';

export function isPending(message: Pick<MessageDoc, 'server_seq'>): boolean {
  return message.server_seq === PENDING_SERVER_SEQ;
}

/** My newest message that is not deleted, which is where the read receipt shows. */
export function lastOwnMessage(messages: readonly MessageDoc[], me: string): MessageDoc | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message && message.sender_id === me && !message.deleted && message.kind !== SYSTEM_KIND) return message;
  }
  return null;
}

/**
 * "Seen" once another member has read up to the message (`isSeenBy`: their last_read_at is at
 * or after its received_at, both the server's clock; memberships are visible to every member).
 */
export function receiptFor(message: MessageDoc, memberships: readonly MembershipDoc[], me: string): Receipt {
  if (isPending(message)) return 'sending';
  const seen = memberships.some((m) => m.user_id !== me && isSeenBy(message, m.last_read_at));
  return seen ? 'seen' : 'sent';
}

/** The other members who have read up to the message ("Seen by 3" in groups), by user id. */
export function seenBy(message: MessageDoc, memberships: readonly MembershipDoc[], me: string): string[] {
  if (isPending(message)) return [];
  return memberships.filter((m) => m.user_id !== me && isSeenBy(message, m.last_read_at)).map((m) => m.user_id).sort();
}

/** The receipt for my last message (and who has seen it), or null when I have not written anything here. */
export function ownReceipt(
  messages: readonly MessageDoc[],
  memberships: readonly MembershipDoc[],
  me: string,
): { messageId: string; receipt: Receipt; seenBy: string[] } | null {
  const message = lastOwnMessage(messages, me);
  return message ? { messageId: message.id, receipt: receiptFor(message, memberships, me), seenBy: seenBy(message, memberships, me) } : null;
}

/** True when one of the messages is unread for me by the shared rule (`isUnread`, SPEC §2). */
export function hasUnreadFromOthers(messages: readonly MessageDoc[], me: string, lastReadAt: string | null): boolean {
  return messages.some((m) => isUnread(m, me, lastReadAt));
}

/** The latest server time among the messages (pending ones have none), or null. */
export function newestReceivedAt(messages: readonly MessageDoc[]): string | null {
  return messages.reduce<string | null>((newest, m) => laterOf(newest, m.received_at), null);
}

/** "Bob is typing…", "Bob and Carol are typing…", "Several people are typing…"; '' for nobody. */
export function typingText(firstNames: readonly string[]): string {
  const [a, b] = firstNames;
  if (firstNames.length === 0 || a === undefined) return '';
  if (firstNames.length === 1) return `${a} is typing…`;
  if (firstNames.length === 2) return `${a} and ${b} are typing…`;
  return 'Several people are typing…';
}

const GROUP_GAP_MS = 5 * 60_000;

/** Whether a message starts a new calendar day compared with the previous one. */
export function startsNewDay(previous: MessageDoc | undefined, message: MessageDoc): boolean {
  if (!previous) return true;
  return calendarDaysBetween(Date.parse(previous.created_at), Date.parse(message.created_at)) !== 0;
}

/**
 * Whether a message opens a new visual group: another sender, a new day, or more than five
 * minutes after the previous one. Group heads carry the sender's name in group and job rooms.
 */
export function startsGroup(previous: MessageDoc | undefined, message: MessageDoc): boolean {
  if (!previous || previous.sender_id !== message.sender_id) return true;
  // A notice ("Alice added Dave") stands alone and never joins a run of messages.
  if (previous.kind === SYSTEM_KIND || message.kind === SYSTEM_KIND) return true;
  if (startsNewDay(previous, message)) return true;
  return Date.parse(message.created_at) - Date.parse(previous.created_at) > GROUP_GAP_MS;
}

/**
 * Whether a message shows its clock: the last of a run from one sender within a few minutes
 * (the next message starts a new group, or there is none), as Slack and WhatsApp group them.
 */
export function showsTime(message: MessageDoc, next: MessageDoc | undefined): boolean {
  return !next || startsGroup(message, next);
}

/** The start of a message on one line, for a reply's quote (whole code points, ellipsis when cut). */
export function snippet(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const points = [...line];
  return points.length <= max ? line : `${points.slice(0, max - 1).join('').trimEnd()}…`;
}
