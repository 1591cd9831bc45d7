import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState, type UIEvent } from 'react';
import { EmptyState, Loading } from '../../components/EmptyState';
import { fullName } from '../../components/format';
import { useMessagesByIds, useRoomReactions, useUsers, type useRoomMessages } from '../../db';
import type { MembershipDoc, MessageDoc } from '../../../shared/schemas';
import { MessageItem } from './MessageItem';
import { MessageActionsContext } from './messageActionsContext';
import { DeleteMessageDialog, useMessageActionHandlers } from './useMessageActionHandlers';
import { NewMessagesButton } from './NewMessagesButton';
import { UnreadDivider } from './UnreadDivider';
import type { RoomPlace } from './useRoomPlace';
import { useSearchFocus } from '../search/useFocusMessage';
import { ownReceipt, showsTime, startsGroup, startsNewDay } from './messageLogic';
import { rowIndexOf, timelineRows } from './timelineRows';

interface Props {
  roomId: string;
  /** The room's history from useRoomMessages, owned by the room view. */
  page: ReturnType<typeof useRoomMessages>;
  /** Everyone's memberships, or only the others': the history reads the others' markers. */
  memberships: readonly MembershipDoc[];
  me: string;
  /** Sender names above bubbles: in job and group rooms, not in a DM. */
  showSenders: boolean;
  /** The reader's place (useRoomPlace): the divider to open at and arrivals while scrolled up. */
  place: Pick<RoomPlace, 'dividerId' | 'newCount' | 'setAtBottom'>;
}

const NO_IDS: string[] = [];

/** Distance from the top (px) at which the next page of history is requested (from the end, newer). */
const LOAD_OLDER_THRESHOLD = 160;
/** Distance from the end (px) within which the reader counts as at the bottom. */
const AT_BOTTOM_THRESHOLD = 80;

/**
 * The originals the window's replies quote, from the window itself or elsewhere on the device.
 * The same map as long as those originals are the same objects: the actions context carries it,
 * and a new context value re-renders every row, so a new message must not make a new map.
 */
function useQuoted(messages: readonly MessageDoc[], originals: ReadonlyMap<string, MessageDoc>): ReadonlyMap<string, MessageDoc> {
  const next = useMemo(() => {
    const inWindow = new Map(messages.map((m) => [m.id, m] as const));
    const quoted = new Map<string, MessageDoc>();
    for (const m of messages) {
      const original = m.reply_to_id ? (inWindow.get(m.reply_to_id) ?? originals.get(m.reply_to_id)) : undefined;
      if (original) quoted.set(original.id, original);
    }
    return quoted;
  }, [messages, originals]);
  const [kept, setKept] = useState(next);
  const same = kept.size === next.size && [...next].every(([id, m]) => kept.get(id) === m);
  if (!same) setKept(next);
  return same ? kept : next;
}

/**
 * The history of one room, virtualized and anchored to the end like every messenger: it opens at
 * the first unread message under a divider (or the newest one when nothing is unread), follows new
 * ones while the reader is at the bottom, and keeps the visible
 * message still when an older page is prepended (TanStack Virtual's `anchorTo: 'end'`).
 * Mount one per room (keyed by room id) so scroll state never leaks between rooms.
 */
export function MessageList({ roomId, page, memberships, me, showSenders, place }: Props) {
  const { messages, hasOlder, hasNewer, loadOlder, loadNewer, loading } = page;
  // One row per message, except an album's photos, which share one (a grid bubble).
  const rows = useMemo(() => timelineRows(messages), [messages]);
  const reactions = useRoomReactions(roomId);
  const replyIds = useMemo(() => messages.flatMap((m) => (m.reply_to_id ? [m.reply_to_id] : [])), [messages]);
  const originals = useMessagesByIds(replyIds);
  const senderIds = useMemo(() => {
    const ids = new Set(messages.map((m) => m.sender_id));
    for (const list of reactions.values()) for (const r of list) ids.add(r.user_id);
    for (const m of originals.values()) ids.add(m.sender_id);
    return [...ids].sort();
  }, [messages, reactions, originals]);
  const senders = useUsers(senderIds);
  const [jumpId, setJumpId] = useState<string | null>(null);
  const handlers = useMessageActionHandlers(roomId, me, senders, page.reveal, setJumpId);
  const { setHighlightId } = handlers;
  const receipt = useMemo(() => ownReceipt(messages, memberships, me), [messages, memberships, me]);
  // With more than one other member, "Seen" says by how many, and the names are one focus away.
  const groupReceipts = memberships.filter((m) => m.user_id !== me).length > 1;
  const readers = useUsers(receipt?.seenBy ?? NO_IDS);
  const scrollRef = useRef<HTMLDivElement>(null);
  const opened = useRef(false);
  const { dividerId, newCount, setAtBottom } = place;
  const olderRequestedAt = useRef(-1);
  const newerRequestedAt = useRef(-1);
  // A page appended below the reader is history, not an arrival to follow; that holds for the
  // render in which the last one comes in too.
  const [wasBehind, setWasBehind] = useState(hasNewer);
  if (wasBehind !== hasNewer) setWasBehind(hasNewer);
  const lastSeenId = useRef<string | undefined>(undefined);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh on every render, never memoized
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 60,
    getItemKey: (index) => rows[index]?.key ?? index,
    anchorTo: 'end',
    followOnAppend: !hasNewer && !wasBehind,
    scrollEndThreshold: AT_BOTTOM_THRESHOLD,
    overscan: 8,
  });

  // Opened from search: history loaded around that message, shown in the middle and flashed.
  const focus = useSearchFocus(page);
  const focusIndex = rowIndexOf(rows, focus?.messageId);
  const focusedKey = useRef<string | null>(null);

  const last = rows[rows.length - 1]?.message;
  const lastId = last?.id;
  const lastIsMine = last?.sender_id === me;

  const dividerIndex = rowIndexOf(rows, dividerId);
  const jumpIndex = rowIndexOf(rows, jumpId);

  useLayoutEffect(() => {
    // A reply's original: once the window holds it, scroll there; the row focuses itself.
    if (jumpId === null || jumpIndex < 0) return;
    virtualizer.scrollToIndex(jumpIndex, { align: 'center' });
    setHighlightId(jumpId);
    setJumpId(null);
  }, [jumpId, jumpIndex, virtualizer, setHighlightId]);

  const quoted = useQuoted(messages, originals);
  const actions = useMemo(() => ({ ...handlers.actions, reactions, originals: quoted }), [handlers.actions, reactions, quoted]);

  useLayoutEffect(() => {
    // Wait until the place to open at is known (older pages may be loading to find it).
    if (lastId === undefined || dividerId === undefined || focus?.pending) return;
    if (!opened.current && focusIndex >= 0) return; // the search result is the place to open at
    if (!opened.current) {
      if (dividerIndex >= 0) virtualizer.scrollToIndex(dividerIndex, { align: 'start' });
      else virtualizer.scrollToEnd();
    } else if (lastIsMine && lastSeenId.current !== lastId) {
      // Afterwards jump to the end only for what I just sent (followOnAppend already handles
      // others' messages while I am at the bottom).
      virtualizer.scrollToEnd();
    }
    opened.current = true;
    lastSeenId.current = lastId;
  }, [lastId, lastIsMine, virtualizer, dividerId, dividerIndex, focus?.pending, focusIndex]);

  useLayoutEffect(() => {
    // Once per search request (a second search in the same room scrolls again).
    if (!focus || focusIndex < 0 || focusedKey.current === focus.key) return;
    focusedKey.current = focus.key;
    virtualizer.scrollToIndex(focusIndex, { align: 'center' });
    opened.current = true;
    lastSeenId.current = lastId;
  }, [focus, focusIndex, virtualizer, lastId]);

  function onScroll(event: UIEvent<HTMLDivElement>) {
    const el = event.currentTarget;
    const fromEnd = el.scrollHeight - el.scrollTop - el.clientHeight;
    if (opened.current) setAtBottom(fromEnd <= AT_BOTTOM_THRESHOLD);
    if (opened.current && hasNewer && !loading && fromEnd <= LOAD_OLDER_THRESHOLD && newerRequestedAt.current !== messages.length) {
      newerRequestedAt.current = messages.length;
      loadNewer();
    }
    if (!opened.current || !hasOlder || loading) return;
    if (event.currentTarget.scrollTop > LOAD_OLDER_THRESHOLD) return;
    // One request per page: wait until the previous one has grown the list.
    if (olderRequestedAt.current === messages.length) return;
    olderRequestedAt.current = messages.length;
    loadOlder();
  }

  if (messages.length === 0) {
    return loading ? (
      <Loading label="Loading messages…" />
    ) : (
      <EmptyState title="No messages yet" level={3} icon="chat">
        Say hello to get the conversation going.
      </EmptyState>
    );
  }

  return (
    <MessageActionsContext.Provider value={actions}>
    <div className="cc-messages">
      {hasOlder && loading && (
        <div className="cc-messages__older" role="status">
          Loading older messages…
        </div>
      )}
      <div
        ref={scrollRef}
        className="cc-messages__scroller"
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label="Conversation history"
        data-testid="message-list"
      >
        {/* A list, not a log: rows mount and unmount as the virtualizer scrolls, which a live log
            would read out. Arrivals are announced by ArrivalAnnouncer instead. setsize/posinset
            tell screen readers where a row sits among all the loaded messages. */}
        <div className="cc-messages__canvas" role="list" aria-label="Messages" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const item = rows[row.index];
            if (!item) return null;
            const { message, album } = item;
            const previous = rows[row.index - 1]?.message;
            const mine = message.sender_id === me;
            const groupStart = startsGroup(previous, message);
            const next = rows[row.index + 1]?.message;
            const hasReceipt = receipt !== null && item.ids.includes(receipt.messageId);
            const found = focus !== null && item.ids.includes(focus.messageId);
            return (
              <div
                key={row.key}
                ref={virtualizer.measureElement}
                data-index={row.index}
                role="listitem"
                aria-setsize={rows.length}
                aria-posinset={row.index + 1}
                className={`cc-messages__row${found ? ' cc-messages__row--found' : ''}`}
                data-found={found ? 'true' : undefined}
                style={{ transform: `translateY(${row.start}px)` }}
              >
                {row.index === dividerIndex && <UnreadDivider />}
                <MessageItem
                  message={message}
                  album={album}
                  mine={mine}
                  senderName={showSenders && !mine ? fullName(senders[message.sender_id]) : null}
                  senderLabel={mine ? 'You' : fullName(senders[message.sender_id])}
                  groupStart={groupStart}
                  showTime={showsTime(message, next)}
                  dayStart={startsNewDay(previous, message)}
                  receipt={hasReceipt ? receipt.receipt : null}
                  seenBy={groupReceipts && hasReceipt ? receipt.seenBy.map((id) => fullName(readers[id])) : null}
                />
              </div>
            );
          })}
        </div>
      </div>
      <NewMessagesButton count={newCount} onJump={() => virtualizer.scrollToEnd()} />
      <div className="cc-visually-hidden" role="status" data-testid="action-status">
        {handlers.status}
      </div>
      {handlers.confirming && <DeleteMessageDialog onConfirm={handlers.confirmDelete} onCancel={handlers.cancelDelete} />}
    </div>
    </MessageActionsContext.Provider>
  );
}
