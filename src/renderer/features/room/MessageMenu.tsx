import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { emojiProblem, QUICK_REACTIONS } from '../../../shared/rules';

export type MessageAction = 'reply' | 'edit' | 'delete' | 'copy' | { react: string };

interface Props {
  /** Where the menu opens, in viewport pixels (the pointer, or the corner of the actions button). */
  at: { x: number; y: number };
  mine: boolean;
  /** Delete is offered for my own messages unless this says otherwise (an album's photos are deleted one by one). */
  canDelete?: boolean;
  /** The emoji I reacted with, marked in the quick row. */
  myEmoji: string | null;
  /** Reactions need the server to know the message first. */
  canReact: boolean;
  onAction(action: MessageAction): void;
  /** Closed without an action (Escape, Tab, a click elsewhere): the opener takes focus back. */
  onClose(): void;
}

const items = (root: HTMLElement | null) => Array.from(root?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []);

/**
 * A message's actions as an ARIA menu: the quick reactions, then Reply, React (any emoji),
 * Copy, and for my own messages Edit and Delete. Arrow keys, Home and End move; Escape closes.
 * It is portalled to the body so a virtualized row's transform cannot clip or offset it.
 */
export function MessageMenu({ at, mine, canDelete = mine, myEmoji, canReact, onAction, onClose }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [picking, setPicking] = useState(false);
  const [emoji, setEmoji] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [pos, setPos] = useState(at);
  const inputId = useId();

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Keep the whole menu on screen.
    const { width, height } = el.getBoundingClientRect();
    setPos({ x: Math.max(8, Math.min(at.x, window.innerWidth - width - 8)), y: Math.max(8, Math.min(at.y, window.innerHeight - height - 8)) });
  }, [at]);

  useEffect(() => {
    items(ref.current)[0]?.focus();
    const onDown = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key === 'Tab') {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.target instanceof HTMLInputElement) return;
    const list = items(ref.current);
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    let next: HTMLElement | undefined;
    if (move) next = list[(index + move + list.length) % list.length];
    else if (event.key === 'Home') next = list[0];
    else if (event.key === 'End') next = list[list.length - 1];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }

  function submitEmoji() {
    const text = emoji.trim();
    const why = emojiProblem(text);
    if (why) return setProblem('Enter one emoji, such as 🎉.');
    onAction({ react: text });
  }

  const item = (label: string, action: MessageAction, extra?: { checked?: boolean; danger?: boolean; aria?: string }) => (
    <button
      key={label}
      type="button"
      role={extra?.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
      aria-checked={extra?.checked}
      tabIndex={-1}
      className={`cc-menu__item${extra?.danger ? ' cc-menu__item--danger' : ''}`}
      aria-label={extra?.aria}
      onClick={() => onAction(action)}
    >
      {label}
    </button>
  );

  return createPortal(
    <div
      ref={ref}
      className="cc-menu"
      role="menu"
      aria-label="Message actions"
      style={{ left: pos.x, top: pos.y }}
      onKeyDown={onKeyDown}
      data-testid="message-menu"
    >
      {canReact && (
        <div className="cc-menu__reactions" role="none">
          {QUICK_REACTIONS.map((e) =>
            item(e, { react: e }, { checked: myEmoji === e, aria: `React with ${e}` }),
          )}
        </div>
      )}
      {item('Reply', 'reply')}
      {canReact && (
        <button type="button" role="menuitem" tabIndex={-1} className="cc-menu__item" aria-expanded={picking} onClick={() => setPicking(true)}>
          React with another emoji…
        </button>
      )}
      {picking && (
        <div className="cc-menu__picker" role="none">
          <label htmlFor={inputId}>Emoji</label>
          <input
            id={inputId}
            autoFocus
            value={emoji}
            maxLength={32}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${inputId}-problem` : undefined}
            onChange={(event) => {
              setEmoji(event.target.value);
              setProblem(null);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                submitEmoji();
              }
            }}
          />
          <button type="button" className="cc-button" onClick={submitEmoji}>
            React
          </button>
          {problem && (
            <span id={`${inputId}-problem`} className="cc-menu__problem" role="alert">
              {problem}
            </span>
          )}
        </div>
      )}
      {item('Copy text', 'copy')}
      {mine && item('Edit', 'edit')}
      {mine && canDelete && item('Delete', 'delete', { danger: true })}
    </div>,
    document.body,
  );
}
