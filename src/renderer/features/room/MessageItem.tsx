import { memo, useId } from 'react';
import { formatClock, formatDateTime, formatDay } from '../../components/format';
import { useNow } from '../../components/RelativeTime';
import { SYSTEM_KIND, type MessageDoc } from '../../../shared/schemas';
import { MessageMedia } from '../attachments/AttachmentView';
import { MessageText } from './MessageText';
import { isPending, type Receipt } from './messageLogic';
import './MessageItem.css';

interface Props {
  message: MessageDoc;
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
export const MessageItem = memo(function MessageItem({ message, mine, senderName, senderLabel, groupStart, showTime, dayStart, receipt, seenBy }: Props) {
  const pending = isPending(message);
  if (message.kind === SYSTEM_KIND) return <SystemNotice message={message} dayStart={dayStart} />;
  const classes = ['cc-msg', mine ? 'cc-msg--mine' : 'cc-msg--theirs', groupStart ? 'cc-msg--group-start' : ''];
  return (
    <div
      className={classes.join(' ')}
      data-testid="message"
      data-message-id={message.id}
      data-pending={pending ? 'true' : 'false'}
      data-mine={mine ? 'true' : 'false'}
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
        {message.deleted ? (
          <span className="cc-msg__deleted">message deleted</span>
        ) : (
          <>
            <MessageMedia message={message} />
            {/* A photo, file, voice note or location may have no caption. */}
            {message.content && <MessageText text={message.content} />}
          </>
        )}
        <span className="cc-msg__meta">
          {message.edited_at && !message.deleted && <span className="cc-msg__edited">edited</span>}
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
