interface Props {
  /** Others' messages that arrived while the reader was scrolled up. */
  count: number;
  onJump(): void;
}

/**
 * "3 new messages ↓" over the history while the reader is scrolled up. The wrapper is a polite
 * live region that stays mounted, so the button's appearance and count are announced.
 */
export function NewMessagesButton({ count, onJump }: Props) {
  const text = count === 1 ? '1 new message' : `${count} new messages`;
  return (
    <div className="cc-new-messages" aria-live="polite">
      {count > 0 && (
        <button type="button" className="cc-new-messages__button" onClick={onJump} data-testid="new-messages-button" data-count={count}>
          {text}
          <span aria-hidden="true"> ↓</span>
          <span className="cc-visually-hidden">, jump to the latest</span>
        </button>
      )}
    </div>
  );
}
