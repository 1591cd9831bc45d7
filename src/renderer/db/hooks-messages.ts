import { useCallback, useMemo, useState } from 'react';
import { PENDING_SERVER_SEQ, type MessageDoc } from '../../shared/schemas';
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
  /** Grows the window until it holds this message (a reply's original); false when it is not on this device. */
  reveal(messageId: string): Promise<boolean>;
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
  const reveal = useCallback(
    async (messageId: string) => {
      const target = await db.messages.findOne(messageId).exec();
      if (!target || target.room_id !== roomId) return false;
      if (target.server_seq === PENDING_SERVER_SEQ) return true;
      // Everything from the original to the newest, rounded up to whole pages.
      const newer = await db.messages
        .count({ selector: { room_id: roomId, server_seq: { $gte: target.server_seq } } })
        .exec();
      const wanted = Math.ceil(newer / PAGE_SIZE) * PAGE_SIZE;
      setWindow((current) => {
        const now = current.roomId === roomId ? current.limit : PAGE_SIZE;
        return wanted > now ? { roomId, limit: wanted } : current;
      });
      return true;
    },
    [db, roomId],
  );
  return {
    messages: value?.messages ?? NO_MESSAGES,
    hasOlder: value?.hasOlder ?? false,
    loadOlder,
    reveal,
    loading: value === undefined,
  };
}
