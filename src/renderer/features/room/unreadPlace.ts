import { isUnread } from '../../../shared/rules';
import type { MessageDoc } from '../../../shared/schemas';

/** Where a room opens: at a divider above the first unread message, at the end, or not yet known. */
export type OpenPlan = { kind: 'divider'; messageId: string } | { kind: 'end' } | { kind: 'load-older' };

/**
 * Where a room opens (SPEC §5), by the shared unread rule against the read marker I had when I
 * opened it. When the oldest loaded message is already unread the first unread one may be older
 * still, so another page is needed before the divider can be placed.
 */
export function openPlan(messages: readonly MessageDoc[], me: string, lastReadAt: string | null, hasOlder: boolean): OpenPlan {
  const index = messages.findIndex((m) => isUnread(m, me, lastReadAt));
  if (index === -1) return { kind: 'end' };
  if (index === 0 && hasOlder) return { kind: 'load-older' };
  const message = messages[index];
  return message ? { kind: 'divider', messageId: message.id } : { kind: 'end' };
}

/**
 * Messages from others that arrived after the newest one I had seen at the bottom: what the
 * "N new messages" button counts. Compared on the server's clock, like the unread rule.
 */
export function arrivalsAfter(messages: readonly MessageDoc[], me: string, seenReceivedAt: string | null): number {
  if (seenReceivedAt === null) return 0;
  return messages.reduce(
    (n, m) => (m.sender_id !== me && !m.deleted && m.received_at !== null && m.received_at > seenReceivedAt ? n + 1 : n),
    0,
  );
}

/** The messages I have had on screen: while I am scrolled up, arrivals after `seenReceivedAt` are not. */
export function messagesSeen(messages: MessageDoc[], atBottom: boolean, seenReceivedAt: string | null): MessageDoc[] {
  if (atBottom || seenReceivedAt === null) return messages;
  return messages.filter((m) => m.received_at === null || m.received_at <= seenReceivedAt);
}
