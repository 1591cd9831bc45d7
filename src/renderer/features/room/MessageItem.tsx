import { memo, useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import { formatClock, formatDateTime, formatDay } from '../../components/format';
import { useNow } from '../../components/RelativeTime';
import { SYSTEM_KIND, type MessageDoc } from '../../../shared/schemas';
import { MessageMedia } from '../attachments/AttachmentView';
import { AlbumGrid } from '../attachments/AlbumGrid';
import { MessageText } from './MessageText';
import { MessageMenu, type MessageAction } from './MessageMenu';
import { ReactionCounts, ReplyQuote } from './MessageExtras';
import { useMessageActions, type MessageActions } from './messageActionsContext';
import { isPending, type Receipt } from './messageLogic';
import './MessageItem.css';
import './MessageActions.css';

interface Props {
  message: MessageDoc;
  /** Photos sent together (timelineRows): shown as one grid; `message` is the first of them. */
  album?: readonly MessageDoc[] | null;
  mine: boolean;
  /** Sender's name above the bubble (group heads in job and group rooms). */
  senderName: string | null;
  /** Who wrote it, for screen readers on every message ("You" for mine). */
  senderLabel: string;
  groupStart: boolean;
  /** The clock shows once per run of messages (on its last one); every message keeps a tooltip. */
  showTime: boolean;
  dayStart: boolean;
  receipt: Receipt | null;
  /** In rooms of more than two: the names of those who have seen my message ("Seen by 2"). */
  seenBy?: readonly string[] | null;
}

const RECEIPT_TEXT: Record<Receipt, string> = { sending: 'Sending…', sent: 'Sent', seen: 'Seen' };

function DayDivider({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <div className="cc-msg__day" role="separator">
      <span>{formatDay(iso, now)}</span>
    </div>
  );
}

/**
 * A message's actions: the "⋯" button (shown on hover and focus), a right click, or Shift+F10 /
 * the context-menu key while focus is inside the message open the same menu. Closing it without
 * an action gives focus back to the button.
 */
function useMessageMenu(message: MessageDoc, actions: MessageActions | null, trigger: RefObject<HTMLButtonElement | null>) {
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const close = useCallback(() => {
    setAt(null);
    trigger.current?.focus();
  }, [trigger]);
  const openAtTrigger = () => {
    const rect = trigger.current?.getBoundingClientRect();
    setAt(rect ? { x: rect.left, y: rect.bottom + 4 } : { x: 0, y: 0 });
  };
  const onAction = (action: MessageAction) => {
    if (!actions) return;
    // Focus goes back first; Reply and Edit then move it on to the composer.
    close();
    if (action === 'reply') actions.reply(message);
    else if (action === 'edit') actions.edit(message);
    else if (action === 'delete') actions.remove(message);
    else if (action === 'copy') actions.copy(message);
    else actions.react(message, action.react);
  };
  return { at, setAt, close, openAtTrigger, onAction };
}

/** "Seen by N": the names show on hover and on keyboard focus, and are read out with it. */
function SeenBy({ names }: { names: readonly string[] }) {
  const listId = useId();
  return (
    <div className="cc-msg__receipt cc-msg__seen-by" data-testid="read-receipt" data-receipt="seen">
      <span tabIndex={0} aria-describedby={listId} className="cc-msg__seen-by-count" data-testid="seen-by">
        Seen by {names.length}
      </span>
      <span id={listId} role="tooltip" className="cc-msg__seen-by-list" data-testid="seen-by-list">
        {names.join(', ')}
      </span>
    </div>
  );
}

/** A server-written notice ("Alice added Dave"): centred, no bubble, no receipt. */
function SystemNotice({ message, dayStart }: { message: MessageDoc; dayStart: boolean }) {
  return (
    <div className="cc-msg cc-msg--system" data-testid="system-message" data-message-id={message.id}>
      {dayStart && <DayDivider iso={message.created_at} />}
      <p className="cc-msg__notice" title={formatDateTime(message.created_at)}>
        {message.content}
      </p>
    </div>
  );
}

/** One message bubble. Pending (not yet acknowledged) messages are marked until the server orders them. */
export const MessageItem = memo(function MessageItem({ message, album = null, mine, senderName, senderLabel, groupStart, showTime, dayStart, receipt, seenBy }: Props) {
  const pending = album ? album.some(isPending) : isPending(message);
  const actions = useMessageActions();
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useMessageMenu(message, actions, trigger);
  const rootRef = useRef<HTMLDivElement>(null);
  const highlighted = actions?.highlightId === message.id;
  useEffect(() => {
    if (highlighted) rootRef.current?.focus();
  }, [highlighted]);
  const reactions = message.deleted ? [] : (actions?.reactions.get(message.id) ?? []);
  const myEmoji = reactions.find((r) => r.user_id === actions?.me)?.emoji ?? null;
  const hasMenu = !!actions && !message.deleted;
  const classes = ['cc-msg', mine ? 'cc-msg--mine' : 'cc-msg--theirs', groupStart ? 'cc-msg--group-start' : '', highlighted ? 'cc-msg--highlight' : ''];

  function onContextMenu(event: MouseEvent) {
    if (!hasMenu) return;
    event.preventDefault();
    menu.setAt({ x: event.clientX, y: event.clientY });
  }
  function onKeyDown(event: KeyboardEvent) {
    if (!hasMenu || menu.at) return;
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      menu.openAtTrigger();
    }
  }
  // Notices are drawn apart, after the hooks above (a room's rows keep one hook order).
  if (message.kind === SYSTEM_KIND) return <SystemNotice message={message} dayStart={dayStart} />;

  return (
    <div
      ref={rootRef}
      className={classes.join(' ')}
      data-testid="message"
      data-message-id={message.id}
      data-pending={pending ? 'true' : 'false'}
      data-mine={mine ? 'true' : 'false'}
      tabIndex={-1}
      onContextMenu={onContextMenu}
      onKeyDown={onKeyDown}
    >
      {dayStart && <DayDivider iso={message.created_at} />}
      {senderName && groupStart && (
        <div className="cc-msg__sender" aria-hidden="true">
          {senderName}
        </div>
      )}
      <div className={`cc-msg__bubble${message.deleted ? ' cc-msg__bubble--deleted' : ''}${message.kind === 'text' ? '' : ' cc-msg__bubble--media'}`} title={showTime ? undefined : formatDateTime(message.created_at)}>
        {/* Every message says who and when to a screen reader; the visible name and clock repeat it. */}
        <span className="cc-visually-hidden" data-testid="message-label">
          {`${senderLabel}, ${formatDateTime(message.created_at)}: `}
        </span>
        {message.reply_to_id && !message.deleted && actions && <ReplyQuote replyToId={message.reply_to_id} actions={actions} />}
        {message.deleted ? (
          <span className="cc-msg__deleted">message deleted</span>
        ) : (
          <>
            {album ? <AlbumGrid photos={album} onDelete={mine && actions ? actions.remove : undefined} /> : <MessageMedia message={message} />}
            {/* A photo, file, voice note or location may have no caption. */}
            {message.content && <MessageText text={message.content} />}
          </>
        )}
        <span className="cc-msg__meta">
          {message.edited_at && !message.deleted && (
            <span className="cc-msg__edited" data-testid="message-edited">
              edited
            </span>
          )}
          {showTime && (
            <time dateTime={message.created_at} title={formatDateTime(message.created_at)} aria-hidden="true" data-testid="message-time">
              {formatClock(message.created_at)}
            </time>
          )}
          {pending && (
            <span className="cc-msg__pending" data-testid="message-pending">
              Sending…
            </span>
          )}
        </span>
      </div>
      {hasMenu && (
        <button
          ref={trigger}
          type="button"
          className="cc-msg__more"
          aria-label={`Actions for the message from ${senderLabel}`}
          aria-haspopup="menu"
          aria-expanded={menu.at !== null}
          data-testid="message-actions"
          onClick={menu.openAtTrigger}
        >
          ⋯
        </button>
      )}
      {menu.at && (
        <MessageMenu at={menu.at} mine={mine} canDelete={mine && !album} myEmoji={myEmoji} canReact={!pending} onAction={menu.onAction} onClose={menu.close} />
      )}
      {reactions.length > 0 && actions && <ReactionCounts message={message} reactions={reactions} actions={actions} />}
      {receipt === 'seen' && seenBy && seenBy.length > 0 ? (
        <SeenBy names={seenBy} />
      ) : receipt && receipt !== 'sending' && (
        <div className="cc-msg__receipt" data-testid="read-receipt" data-receipt={receipt}>
          {RECEIPT_TEXT[receipt]}
        </div>
      )}
    </div>
  );
});
