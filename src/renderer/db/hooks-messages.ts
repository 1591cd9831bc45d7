import { useCallback, useMemo, useState } from 'react';
import type { MessageDoc } from '../../shared/schemas';
import { useCurrentDb } from './current';
import { PAGE_SIZE, roomMessages$ } from './messages';
import { useObservableValue } from './use-observable';

const NO_MESSAGES: MessageDoc[] = [];

/**
 * A room's messages, oldest first: the newest 50 acknowledged ones (by server_seq) then the
 * pending ones (by created_at). `loadOlder` grows the window by another 50. Live.
 */
export function useRoomMessages(roomId: string): {
  messages: MessageDoc[];
  hasOlder: boolean;
  loadOlder(): void;
  loading: boolean;
} {
  const { db } = useCurrentDb();
  const [window, setWindow] = useState({ roomId, limit: PAGE_SIZE });
  // Another room starts again at one page, without an effect that would render stale rows first.
  const limit = window.roomId === roomId ? window.limit : PAGE_SIZE;
  const source = useMemo(() => roomMessages$(db, roomId, limit), [db, roomId, limit]);
  const value = useObservableValue(source, undefined, roomId);
  const loadOlder = useCallback(() => {
    setWindow((current) => ({
      roomId,
      limit: (current.roomId === roomId ? current.limit : PAGE_SIZE) + PAGE_SIZE,
    }));
  }, [roomId]);
  return {
    messages: value?.messages ?? NO_MESSAGES,
    hasOlder: value?.hasOlder ?? false,
    loadOlder,
    loading: value === undefined,
  };
}
