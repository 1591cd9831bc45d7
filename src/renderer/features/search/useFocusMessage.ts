import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router';
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
  /** The window stops before the room's end, so the message may be newer than it. */
  hasNewer?: boolean;
  loading: boolean;
  /** The room's one way to bring a message into its window (`useRoomMessages`). */
  reveal(messageId: string): Promise<boolean>;
}

/**
 * Brings the requested message into the room's window through the page's `reveal` (the same
 * step a reply's quote uses). Returns whether the message is still being looked for; a message
 * that is not in this room (or not on the device) stops the search.
 */
function useLoadAround(page: Page, focus: FocusRequest | null): boolean {
  const { messages, hasOlder, hasNewer = false, loading, reveal } = page;
  const [missing, setMissing] = useState<string | null>(null);
  const targetId = focus?.messageId ?? null;
  const present = targetId !== null && messages.some((m) => m.id === targetId);
  const searching = targetId !== null && !present && missing !== targetId && (hasOlder || hasNewer || loading);

  useEffect(() => {
    if (!searching || loading || targetId === null) return;
    let cancelled = false;
    void reveal(targetId).then((found) => {
      if (!cancelled && !found) setMissing(targetId);
    });
    return () => {
      cancelled = true;
    };
  }, [searching, loading, targetId, reveal]);

  return searching;
}

/** The message search asked the room to show, with whether its history is still loading. */
export function useSearchFocus(page: Page): (FocusRequest & { pending: boolean }) | null {
  const request = useFocusRequest();
  const pending = useLoadAround(page, request);
  return useMemo(() => (request ? { ...request, pending } : null), [request, pending]);
}
