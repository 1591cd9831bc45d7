import { useEffect, useRef, useState } from 'react';
import type { MembershipDoc, MessageDoc } from '../../../shared/schemas';
import { newestReceivedAt } from './messageLogic';
import { arrivalsAfter, messagesSeen, openPlan } from './unreadPlace';

interface Page {
  messages: MessageDoc[];
  hasOlder: boolean;
  loadOlder(): void;
  reveal(messageId: string): Promise<boolean>;
  findFirstUnread(me: string, lastReadAt: string | null): Promise<string | null>;
  loading: boolean;
}

/** What the room view knows about the reader's place in the history. */
export interface RoomPlace {
  /** The first unread message at open; undefined while that is still being worked out. */
  dividerId: string | null | undefined;
  atBottom: boolean;
  setAtBottom(atBottom: boolean): void;
  /** Others' messages that arrived while I was scrolled up. */
  newCount: number;
  /** What has been on screen, which is what may be marked read. */
  seen: MessageDoc[];
}

/**
 * The reader's place in one room (mount per room). The read marker is frozen the first time my
 * membership is known, because opening the room marks it read and the divider must stay where it
 * was. When the first unread message is older than the newest page, one index query finds it
 * and `reveal` moves the window to a page around it, instead of loading the history between.
 */
export function useRoomPlace(page: Page, me: string, memberships: readonly MembershipDoc[]): RoomPlace {
  const { messages, hasOlder, loadOlder, reveal, findFirstUnread, loading } = page;
  const membership = memberships.find((m) => m.user_id === me);
  const [openedReadAt, setOpenedReadAt] = useState<{ at: string | null } | null>(null);
  const [dividerId, setDividerId] = useState<string | null | undefined>(undefined);
  const [atBottom, setAtBottom] = useState(true);
  const [seenReceivedAt, setSeenReceivedAt] = useState<string | null>(null);

  // Adjusting state while rendering (React's documented pattern) keeps the freeze in the same
  // render that first sees the data, before the mark-read effect can move the marker.
  if (openedReadAt === null && membership && !loading) setOpenedReadAt({ at: membership.last_read_at });
  const plan = openedReadAt && !loading ? openPlan(messages, me, openedReadAt.at, hasOlder) : null;
  if (dividerId === undefined && plan && plan.kind !== 'load-older') {
    setDividerId(plan.kind === 'divider' ? plan.messageId : null);
  }
  const newest = newestReceivedAt(messages);
  if (dividerId !== undefined && (seenReceivedAt === null || atBottom) && newest !== seenReceivedAt) {
    setSeenReceivedAt(newest);
  }

  const needsOlder = dividerId === undefined && plan?.kind === 'load-older';
  const lookup = useRef<'not yet' | 'looking' | 'done'>('not yet');
  const readAt = openedReadAt?.at ?? null;
  useEffect(() => {
    if (!needsOlder || lookup.current === 'looking') return;
    // Should the window around the first unread one still not place it, older pages will.
    if (lookup.current === 'done') return loadOlder();
    lookup.current = 'looking';
    const atTheEnd = () => setDividerId((now) => (now === undefined ? null : now));
    findFirstUnread(me, readAt)
      .then((id) => {
        // For the start-up bench's waterfall (bench/cold-start.ts).
        performance.mark('cleanchat:room-first-unread');
        return id ? reveal(id) : false;
      })
      .then((found) => {
        performance.mark('cleanchat:room-revealed');
        lookup.current = 'done';
        if (!found) atTheEnd();
      })
      .catch(() => {
        lookup.current = 'done';
        atTheEnd();
      });
  }, [needsOlder, messages.length, loadOlder, findFirstUnread, reveal, me, readAt]);

  return {
    dividerId,
    atBottom,
    setAtBottom,
    newCount: atBottom ? 0 : arrivalsAfter(messages, me, seenReceivedAt),
    seen: messagesSeen(messages, atBottom, seenReceivedAt),
  };
}
