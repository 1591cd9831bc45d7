import { memo } from 'react';
import { Link } from 'react-router';
import { Avatar } from '../../components/Avatar';
import { RelativeTime } from '../../components/RelativeTime';
import { UnreadBadge } from '../../components/UnreadBadge';
import { presenceDot, singleLine } from '../../components/format';
import { usePresence, useTypingUsers, type RoomListItem } from '../../db';
import { useAppStore } from '../../store';
import { previewText } from './preview';

interface Props {
  item: RoomListItem;
  me: string;
  active: boolean;
}

/**
 * One conversation in the list: avatar, name, last message, time and unread count. Memoised:
 * the list keeps an unchanged room's item object (`keepEqualItems`), so a message in one room
 * re-renders that row only.
 */
export const RoomRow = memo(function RoomRow({ item, me, active }: Props) {
  const { room, peer, membership } = item;
  const isDm = room.room_type === 'direct';
  const presence = usePresence(isDm ? peer?.id : null);
  const typing = useTypingUsers(room.id).length > 0;
  const muted = membership?.muted === true;
  // The open room's draft is in its composer; elsewhere the list says it is waiting.
  const draft = useAppStore((s) => (active ? undefined : s.drafts[room.id]));
  const title = item.title || room.name || 'Conversation';

  return (
    <li className="cc-room-row__item">
      <Link
        to={`/messages/${room.id}`}
        className={`cc-room-row${active ? ' cc-room-row--active' : ''}${item.unread > 0 ? ' cc-room-row--unread' : ''}`}
        data-testid="room-row"
        data-room-id={room.id}
        aria-current={active ? 'page' : undefined}
      >
        {room.room_type === 'general' ? (
          <span className="cc-room-row__icon" data-testid="announcement-icon">
            <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
              <path d="M3 11v2a1 1 0 0 0 1 1h3l5 4V6L7 10H4a1 1 0 0 0-1 1zM16 8a5 5 0 0 1 0 8M19 5a9 9 0 0 1 0 14" />
            </svg>
            <span className="cc-visually-hidden">Announcements:</span>
          </span>
        ) : (
          <Avatar name={title} url={peer?.avatar_url} online={isDm ? presenceDot(presence) : undefined} />
        )}
        <span className="cc-room-row__body">
          <span className="cc-room-row__top">
            <span className="cc-room-row__name">{title}</span>
            <RelativeTime className="cc-room-row__time" iso={item.lastActivity} />
          </span>
          <span className="cc-room-row__bottom">
            <span className={`cc-room-row__preview${typing ? ' cc-room-row__preview--typing' : ''}`}>
              {typing ? (
                'typing…'
              ) : draft ? (
                <span data-testid="room-draft">
                  <span className="cc-room-row__draft">Draft:</span> {singleLine(draft, 80)}
                </span>
              ) : (
                previewText(room, me)
              )}
            </span>
            {muted && (
              <span className="cc-room-row__muted" title="Muted">
                <svg viewBox="0 0 24 24" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
                  <path d="M6 16V11a6 6 0 0 1 9-5.2M18 11v5l2 2H8M10 20a2 2 0 0 0 4 0M4 4l16 16" />
                </svg>
                <span className="cc-visually-hidden">Muted</span>
              </span>
            )}
            <UnreadBadge count={item.unread} testId="room-unread" muted={muted} />
          </span>
        </span>
      </Link>
    </li>
  );
});
