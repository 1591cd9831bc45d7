import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { onIncomingMessages, useUnreadTotals } from '../../db';
import { getPlatform } from '../../platform';
import { useMe } from '../../session';
import { nowIso } from '../../../shared/schemas';
import { useKnownUsers } from '../people/useKnownUsers';
import { notificationsFor, type NotifyContext, type RoomContext } from './notificationLogic';

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

  useEffect(() => {
    getPlatform().setBadge(total);
  }, [total]);

  useEffect(() => () => getPlatform().setBadge(0), []);
}
