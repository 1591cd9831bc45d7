import { useEffect, useSyncExternalStore } from 'react';
import { describeError } from '../../api/client';
import { markRoomRead } from '../../db';
import type { MembershipDoc, MessageDoc } from '../../../shared/schemas';
import { useAppStore } from '../../store';
import { hasUnreadFromOthers, newestReceivedAt } from './messageLogic';

function subscribeVisibility(listener: () => void): () => void {
  document.addEventListener('visibilitychange', listener);
  window.addEventListener('focus', listener);
  window.addEventListener('blur', listener);
  return () => {
    document.removeEventListener('visibilitychange', listener);
    window.removeEventListener('focus', listener);
    window.removeEventListener('blur', listener);
  };
}

/** True while the page is visible: a message on screen is a message read. */
export function useWindowVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState === 'visible');
}

/**
 * Marks the open room read whenever it shows something unread while the window is visible:
 * on open, when new messages arrive, and when the user comes back to the window (SPEC §5).
 * The marker moves past the newest message on screen, streamed ones not yet stored included,
 * so what was shown is what is read. Writing only when something is unread keeps this from
 * echoing membership writes through sync.
 */
export function useMarkRead(
  roomId: string,
  me: string,
  messages: readonly MessageDoc[],
  memberships: readonly MembershipDoc[],
): void {
  const visible = useWindowVisible();
  const setNotice = useAppStore((s) => s.setNotice);
  const lastReadAt = memberships.find((m) => m.user_id === me)?.last_read_at ?? null;
  const unread = hasUnreadFromOthers(messages, me, lastReadAt);
  const shownReceivedAt = newestReceivedAt(messages);

  useEffect(() => {
    if (!visible || !unread) return;
    markRoomRead(roomId, shownReceivedAt).catch((err: unknown) => setNotice(describeError(err)));
  }, [roomId, visible, unread, shownReceivedAt, setNotice]);
}
