import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import './theme.css';
import './Dialog.css';

interface Props {
  /** Accessible name of the dialog, also shown as its heading. */
  label: string;
  onClose(): void;
  children: ReactNode;
  /** Keys for the dialog's own content (a lightbox's arrows), from wherever focus is inside it. */
  onKeyDown?(event: KeyboardEvent<HTMLDivElement>): void;
  /** An extra class on the dialog (a wider lightbox). */
  className?: string;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keeps Tab inside the dialog: from the last element back to the first and the other way. */
function trapTab(event: KeyboardEvent<HTMLDivElement>, root: HTMLElement): void {
  const items = Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE));
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog: focus moves in on open (to the first field marked `data-autofocus`, or the
 * first focusable element) and back to where it was on close; Escape and a backdrop click close it.
 */
export function Dialog({ label, onClose, children, onKeyDown: onContentKey, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // Read during the first render: by the time effects run, an `autoFocus` field inside the dialog
  // already has focus, and "where focus was" would be that field rather than the opening button.
  const [previous] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const root = ref.current;
    const target = root?.querySelector<HTMLElement>('[data-autofocus]') ?? root?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
    return () => {
      // Give focus back only if nothing else took it (e.g. the composer of a room just opened).
      const current = document.activeElement;
      if (!current || current === document.body || root?.contains(current)) previous?.focus();
    };
  }, [previous]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Tab' && ref.current) {
      trapTab(event, ref.current);
    } else {
      onContentKey?.(event);
    }
  }

  return createPortal(
    <div
      className="cc-dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div ref={ref} className={className ? `cc-dialog ${className}` : 'cc-dialog'} role="dialog" aria-modal="true" aria-label={label} onKeyDown={onKeyDown}>
        <header className="cc-dialog__header">
          <h2 className="cc-dialog__title">{label}</h2>
          <button type="button" className="cc-dialog__close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="cc-dialog__body">{children}</div>
      </div>
    </div>,
    document.body,
  );
}
