import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { PENDING_SERVER_SEQ, type MessageDoc } from '../../shared/schemas';
import { useCurrentDb } from './current';
import { anchoredMessages$, firstUnreadId, PAGE_SIZE, roomMessages$, type WindowAnchor } from './messages';
import { holdUnreadCounts } from './unread-walk';
import { useObservableValue } from './use-observable';

const NO_MESSAGES: MessageDoc[] = [];

/**
 * How far from the end a revealed message may lie for the window to grow down to it; further
 * back, the window is anchored around it instead, so a jump costs a page, not the history between.
 */
const GROW_AT_MOST = 4 * PAGE_SIZE;

interface RoomWindow {
  roomId: string;
  /** At the end: how many acknowledged messages, newest first. */
  limit: number;
  /** Around an older message instead (limit unused until it reaches the end). */
  anchor: WindowAnchor | null;
}

function atEnd(roomId: string, limit = PAGE_SIZE): RoomWindow {
  return { roomId, limit, anchor: null };
}

/**
 * A room's messages, oldest first: the newest 50 acknowledged ones (by server_seq) then the
 * pending ones (by created_at). `loadOlder` grows the window by another 50. `reveal` may move
 * the window away from the end to a page around an older message; `loadNewer` then grows it
 * towards the end, where it follows the room live again. Live.
 */
export function useRoomMessages(roomId: string): {
  messages: MessageDoc[];
  hasOlder: boolean;
  /** The window stops before the room's newest message (opened around an older one). */
  hasNewer: boolean;
  loadOlder(): void;
  loadNewer(): void;
  /**
   * Brings this message into the window with half a page of older context above it (a reply's
   * original, a search result, the first unread one); false when it is not in this room on this
   * device. Near the end the window grows to it; further back it moves to a page around it.
   */
  reveal(messageId: string): Promise<boolean>;
  /** The first unread message by the shared unread rule (one index query), or null. */
  findFirstUnread(me: string, lastReadAt: string | null): Promise<string | null>;
  loading: boolean;
} {
  const { db } = useCurrentDb();
  const [stored, setWindow] = useState<RoomWindow>(() => atEnd(roomId));
  // Another room starts again at one page, without an effect that would render stale rows first.
  const current = stored.roomId === roomId ? stored : atEnd(roomId);
  const { limit, anchor } = current;
  const source = useMemo(
    () => (anchor ? anchoredMessages$(db, roomId, anchor) : roomMessages$(db, roomId, limit)),
    [db, roomId, limit, anchor],
  );
  const fetched = useObservableValue(source, undefined, roomId);

  // An anchored window that has reached the end becomes an end window over the same messages, so
  // it follows arrivals; one I write to gets me back to the end, where my message is.
  if (fetched && anchor && fetched.anchor === anchor && (!fetched.hasNewer || fetched.sentSince)) {
    const acked = fetched.messages.filter((m) => m.server_seq !== PENDING_SERVER_SEQ).length;
    setWindow(atEnd(roomId, fetched.hasNewer ? PAGE_SIZE : Math.max(PAGE_SIZE, acked)));
  }

  const grow = useCallback(
    (side: 'older' | 'newer') => {
      setWindow((prev) => {
        const now = prev.roomId === roomId ? prev : atEnd(roomId);
        if (!now.anchor) return side === 'older' ? { ...now, limit: now.limit + PAGE_SIZE } : now;
        const { before, after } = now.anchor;
        const next = side === 'older' ? { before: before + PAGE_SIZE } : { after: after + PAGE_SIZE };
        return { ...now, anchor: { ...now.anchor, ...next } };
      });
    },
    [roomId],
  );
  const loadOlder = useCallback(() => grow('older'), [grow]);
  const loadNewer = useCallback(() => grow('newer'), [grow]);

  const loaded = fetched?.messages ?? NO_MESSAGES;
  // Read by reveal, so that its identity does not change with every emission.
  const shown = useRef(loaded);
  useEffect(() => {
    shown.current = loaded;
  }, [loaded]);
  const reveal = useCallback(
    async (messageId: string) => {
      if (shown.current.some((m) => m.id === messageId)) return true;
      const target = await db.messages.findOne(messageId).exec();
      if (!target || target.room_id !== roomId) return false;
      if (target.server_seq === PENDING_SERVER_SEQ) return true;
      // Everything from the target to the newest (an index range count), plus context.
      const newer = await db.messages
        .count({ selector: { room_id: roomId, server_seq: { $gte: target.server_seq } } })
        .exec();
      const wanted = Math.ceil((newer + PAGE_SIZE / 2) / PAGE_SIZE) * PAGE_SIZE;
      const around: WindowAnchor = {
        seq: target.server_seq,
        before: PAGE_SIZE / 2,
        after: PAGE_SIZE,
        since: new Date().toISOString(),
      };
      setWindow((prev) => {
        const now = prev.roomId === roomId ? prev : atEnd(roomId);
        if (wanted > GROW_AT_MOST) return { ...now, anchor: around };
        if (now.anchor) return atEnd(roomId, wanted);
        return wanted > now.limit ? atEnd(roomId, wanted) : now;
      });
      return true;
    },
    [db, roomId],
  );
  const findFirstUnread = useCallback(
    (me: string, lastReadAt: string | null) => firstUnreadId(db, roomId, me, lastReadAt),
    [db, roomId],
  );

  const hasOlder = fetched?.hasOlder ?? false;
  const hasNewer = fetched?.hasNewer ?? false;
  const loading = fetched === undefined;
  // One object per window: the room view passes it on, and memoised children compare it.
  return useMemo(
    () => ({ messages: loaded, hasOlder, hasNewer, loadOlder, loadNewer, reveal, findFirstUnread, loading }),
    [loaded, hasOlder, hasNewer, loadOlder, loadNewer, reveal, findFirstUnread, loading],
  );
}

/**
 * While `opening` (a room's divider not yet placed), the unread counts' walks wait between their
 * pages (`holdUnreadCounts`, at most 2 s), so the few reads that open the room go first.
 */
export function useHoldUnreadCounts(opening: boolean): void {
  // A layout effect: held before the list's counts ask for their next page.
  useLayoutEffect(() => (opening ? holdUnreadCounts() : undefined), [opening]);
}
