/** The "New messages" line above the first message that was unread when the room opened. */
export function UnreadDivider() {
  return (
    <div className="cc-unread-divider" role="separator" aria-label="New messages" data-testid="unread-divider">
      <span aria-hidden="true">New messages</span>
    </div>
  );
}
