import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router';
import { peekCurrentDb } from '../../db/current';
import { PAGE_SIZE } from '../../db/messages';
import type { MessageDoc } from '../../../shared/schemas';

/** A request to show one message of the room: its id, and the navigation that asked (a new search picks again). */
export interface FocusRequest {
  messageId: string;
  key: string;
}

/** The message the room was opened for (`navigate(path, { state: { focusMessageId } })`), if any. */
export function useFocusRequest(): FocusRequest | null {
  const location = useLocation();
  const state = location.state as { focusMessageId?: unknown } | null;
  const messageId = typeof state?.focusMessageId === 'string' ? state.focusMessageId : null;
  return useMemo(() => (messageId ? { messageId, key: location.key } : null), [messageId, location.key]);
}

interface Page {
  messages: MessageDoc[];
  hasOlder: boolean;
  loadOlder(): void;
  loading: boolean;
}

/**
 * Loads history until the requested message is in the room's window, with half a page of older
 * context above it: it counts the acknowledged messages from it to the newest (the
 * [room_id, server_seq] index) and grows the window by that many pages at once, instead of
 * paging back one request at a time. Returns whether the message is still being looked for; a
 * message that is not in this room (or not on the device) stops the search.
 */
function useLoadAround(page: Page, focus: FocusRequest | null): boolean {
  const { messages, hasOlder, loadOlder, loading } = page;
  // The list is one room's; with no message loaded there is nothing to look for yet.
  const roomId = messages[0]?.room_id ?? null;
  const [missing, setMissing] = useState<string | null>(null);
  const targetId = focus?.messageId ?? null;
  const present = targetId !== null && messages.some((m) => m.id === targetId);
  const searching = targetId !== null && !present && missing !== targetId && (hasOlder || loading);

  useEffect(() => {
    // Read here rather than during render: the room screens render without a database in tests.
    const db = peekCurrentDb()?.db;
    if (!searching || loading || targetId === null || roomId === null || !db) return;
    let cancelled = false;
    void (async () => {
      const target = await db.messages.findOne(targetId).exec();
      if (cancelled) return;
      if (!target || target.room_id !== roomId) {
        setMissing(targetId);
        return;
      }
      const fromTarget = await db.messages
        .count({ selector: { room_id: roomId, server_seq: { $gte: Math.max(1, target.server_seq) } } })
        .exec();
      if (cancelled) return;
      const pending = messages.filter((m) => m.server_seq === 0).length;
      const wanted = fromTarget + PAGE_SIZE / 2 - (messages.length - pending);
      const pages = Math.max(1, Math.ceil(wanted / PAGE_SIZE));
      for (let i = 0; i < pages; i += 1) loadOlder();
    })();
    return () => {
      cancelled = true;
    };
  }, [roomId, searching, loading, targetId, messages, loadOlder]);

  return searching;
}

/** The message search asked the room to show, with whether its history is still loading. */
export function useSearchFocus(page: Page): (FocusRequest & { pending: boolean }) | null {
  const request = useFocusRequest();
  const pending = useLoadAround(page, request);
  return useMemo(() => (request ? { ...request, pending } : null), [request, pending]);
}
