import { memo, useEffect, useMemo, useRef } from 'react';
import { useParams } from 'react-router';
import { EmptyState, Loading } from '../../components/EmptyState';
import { useHoldUnreadCounts, useJobRoomId, useRoom, useRoomMemberships, useRoomMessages, useTypingUsers, useUsers } from '../../db';
import { useMe } from '../../session';
import { useAppStore } from '../../store';
import { mayPost } from '../../../shared/rules';
import type { RoomDoc } from '../../../shared/schemas';
import '../groups/groups.css';
import { ArrivalAnnouncer } from './ArrivalAnnouncer';
import { Composer, type ComposerHandle } from './Composer';
import { MessageList } from './MessageList';
import { RoomHeader } from './RoomHeader';
import { typingText } from './messageLogic';
import { useMarkRead } from './useMarkRead';
import { useRoomPlace } from './useRoomPlace';
import { useSameItems } from './useSameItems';
import { useQuickReplies } from '../quickReplies/quickReplies';
import { JobCard } from '../jobs/JobCard';
import { LightboxProvider, photosOf } from '../attachments/Lightbox';
import { PendingUploads } from '../attachments/PendingUploads';
import { useFileDrop } from '../attachments/useFileDrop';
import './room.css';

/**
 * What a user sees for a room they may not open. Deliberately the same whether the room
 * exists or not, like the server's 404 (SPEC §3).
 */
export function ConversationNotFound() {
  return (
    <EmptyState title="Conversation not found" level={1} icon="search">
      It may have been removed, or you are not part of it.
    </EmptyState>
  );
}

/** "Bob is typing…" under the history; the live region stays mounted so changes are announced. */
export function TypingIndicator({ roomId }: { roomId: string }) {
  const typingIds = useTypingUsers(roomId);
  const users = useUsers(typingIds);
  const names = typingIds.map((id) => users[id]?.first_name || users[id]?.username || 'Someone');
  const text = typingText(names);
  return (
    <div className="cc-typing" role="status" data-testid="typing-indicator">
      {text && (
        <>
          <span className="cc-typing__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {text}
        </>
      )}
    </div>
  );
}

/**
 * The room's parts skip a render while their own inputs stay the same: a new message
 * re-renders the history, the announcer and the composer, while the room's document (its last
 * message, on every message) and the members' read markers re-render only what shows them.
 */
const History = memo(MessageList);
const Header = memo(RoomHeader);
const Announcer = memo(ArrivalAnnouncer);
const Typing = memo(TypingIndicator);
const Uploads = memo(PendingUploads);
const Compose = memo(Composer);

function OpenRoom({ room }: { room: RoomDoc }) {
  const me = useMe();
  const page = useRoomMessages(room.id);
  const memberships = useRoomMemberships(room.id);
  const membership = memberships.find((m) => m.user_id === me.id) ?? null;
  // The history shows others' markers (receipts); mine moves with every message I read.
  const readers = useSameItems(useMemo(() => memberships.filter((m) => m.user_id !== me.id), [memberships, me.id]));
  const setActiveRoomId = useAppStore((s) => s.setActiveRoomId);

  useEffect(() => {
    setActiveRoomId(room.id);
    return () => setActiveRoomId(null);
  }, [room.id, setActiveRoomId]);

  const place = useRoomPlace(page, me.id, memberships);
  const { dividerId, newCount, setAtBottom } = place;
  useHoldUnreadCounts(dividerId === undefined);
  const listPlace = useMemo(() => ({ dividerId, newCount, setAtBottom }), [dividerId, newCount, setAtBottom]);
  const [quickReplies] = useQuickReplies(me.id);
  // Only what has been on screen is read: arrivals while scrolled up wait for the bottom.
  useMarkRead(room.id, me.id, place.seen, memberships);
  const photos = useMemo(() => photosOf(page.messages), [page.messages]);
  const composer = useRef<ComposerHandle>(null);
  const drop = useFileDrop((files) => composer.current?.attach(files));

  return (
    <section className={`cc-room${drop.dragging ? ' cc-room--dragging' : ''}`} data-testid="room-view" data-room-id={room.id} {...drop.handlers}>
      <Header room={room} me={me.id} membership={membership} />
      {room.job_id && <JobCard jobId={room.job_id} me={me} />}
      <LightboxProvider photos={photos}>
        <History roomId={room.id} page={page} memberships={readers} me={me.id} showSenders={room.room_type !== 'direct'} place={listPlace} />
      </LightboxProvider>
      <Uploads roomId={room.id} />
      <Announcer key={room.id} messages={page.messages} loading={page.loading} me={me.id} />
      <Typing roomId={room.id} />
      {mayPost(room, me.role) ? (
        <Compose
          ref={composer}
          roomId={room.id}
          messages={page.messages}
          me={me.id}
          quickReplies={me.role === 'cleaner' ? quickReplies : undefined}
        />
      ) : (
        <p className="cc-staff-only" data-testid="staff-only">
          Only support staff post in this announcement room. You can read and react.
        </p>
      )}
    </section>
  );
}

/** A room by id: loading, not found, or the open room. */
export function RoomView({ roomId }: { roomId: string }) {
  const room = useRoom(roomId);
  if (room === undefined) return <Loading label="Opening conversation…" />;
  if (room === null) return <ConversationNotFound />;
  return <OpenRoom room={room} />;
}

/** Route `/messages/:roomId`. */
export function RoomByIdScreen() {
  const { roomId } = useParams();
  if (!roomId) return <ConversationNotFound />;
  return <RoomView key={roomId} roomId={roomId} />;
}

/** Route `/jobs/:jobId/chat`: the job's room, when I take part in the job. */
export function JobChatScreen() {
  const { jobId } = useParams();
  const roomId = useJobRoomId(jobId);
  if (roomId === undefined) return <Loading label="Opening job chat…" />;
  if (roomId === null) return <ConversationNotFound />;
  return <RoomView key={roomId} roomId={roomId} />;
}
