import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { onIncomingMessages, useUnreadTotals } from '../../db';
import { getPlatform } from '../../platform';
import { useMe } from '../../session';
import { nowIso } from '../../../shared/schemas';
import { useKnownUsers } from '../people/useKnownUsers';
import { notificationsFor, type NotifyContext, type RoomContext } from './notificationLogic';

/** How long a changed unread total must hold before the app badge and the window title show it. */
export const BADGE_SETTLE_MS = 250;

/**
 * Desktop integration, mounted once in the signed-in app: notifications for new messages (the
 * rule is `shouldNotify`), opening a room when a notification is clicked, and the unread total
 * on the app badge.
 */
export function useDesktopNotifications(): void {
  const me = useMe();
  const navigate = useNavigate();
  const { total } = useUnreadTotals();
  const { byId, rooms } = useKnownUsers();
  // Messages written before this moment (history arriving after sign-in) are not news.
  const [since] = useState(() => nowIso());

  const roomContexts = useMemo(() => {
    const map: Record<string, RoomContext> = {};
    for (const item of rooms) {
      map[item.room.id] = { roomType: item.room.room_type, muted: item.membership?.muted === true, name: item.title };
    }
    return map;
  }, [rooms]);

  // The listener is subscribed once; it reads the newest rooms and people from here.
  const latest = useRef<Omit<NotifyContext, 'windowFocused'>>({ me: me.id, rooms: roomContexts, senders: byId, since });
  useEffect(() => {
    latest.current = { me: me.id, rooms: roomContexts, senders: byId, since };
  }, [me.id, roomContexts, byId, since]);

  useEffect(
    () =>
      onIncomingMessages((messages) => {
        const platform = getPlatform();
        const notifications = notificationsFor(messages, { ...latest.current, windowFocused: platform.isFocused() });
        for (const notification of notifications) platform.notify(notification);
      }),
    [],
  );

  useEffect(() => getPlatform().onOpenRoom((roomId) => navigate(`/messages/${roomId}`)), [navigate]);

  // The first total shows at once; a change shows once it has held for BADGE_SETTLE_MS. A message
  // arriving in the open room moves the total up and, as it is read at once, back down a few
  // milliseconds later: that pair used to set the title and the app badge twice per message
  // (about 4 ms of the receiving page's main thread each time, in the send bench's profile), in
  // the moments the next message's stream chunk was waiting to be read.
  const shown = useRef<number | null>(null);
  useEffect(() => {
    if (shown.current === total) return;
    const show = () => {
      shown.current = total;
      getPlatform().setBadge(total);
    };
    if (shown.current === null) return show();
    const timer = setTimeout(show, BADGE_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [total]);

  useEffect(() => () => getPlatform().setBadge(0), []);
}
