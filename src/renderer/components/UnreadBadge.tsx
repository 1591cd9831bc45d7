import './theme.css';
import './UnreadBadge.css';

interface Props {
  count: number;
  testId?: string;
  /** Quieter colour for muted rooms. */
  muted?: boolean;
}

/**
 * A pill with the unread count; renders nothing when there is nothing unread. The pill holds
 * only the number (what tests and sighted users read); screen readers also hear "unread".
 */
export function UnreadBadge({ count, testId, muted = false }: Props) {
  if (count <= 0) return null;
  return (
    <>
      <span className={`cc-unread${muted ? ' cc-unread--muted' : ''}`} data-testid={testId}>
        {count}
      </span>
      <span className="cc-visually-hidden"> unread</span>
    </>
  );
}
