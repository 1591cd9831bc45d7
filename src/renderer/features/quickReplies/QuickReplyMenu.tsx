import { useId, useState, type KeyboardEvent } from 'react';
import { nextActive } from '../switcher/switcherMatch';
import { quickReplyMatches } from './quickReplies';
import './quickReplies.css';

/** The state and key handling of the "/" menu, for the composer's text box. */
export function useQuickReplyMenu(draft: string, replies: readonly string[] | undefined, pick: (text: string) => void) {
  const listId = useId();
  const [active, setActive] = useState(0);
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const matches = replies ? quickReplyMatches(draft, replies) : null;
  const open = matches !== null && matches.length > 0 && dismissedFor !== draft;
  const current = open ? Math.min(active, matches.length - 1) : 0;
  const optionId = (i: number) => `${listId}-${i}`;

  /** True when the key was the menu's, so the composer must not act on it (e.g. send on Enter). */
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open) return false;
    const next = nextActive(event.key, current, matches.length);
    if (next !== null && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      setActive(next);
      return true;
    }
    if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      const text = matches[current];
      if (text !== undefined) pick(text);
      setActive(0);
      return true;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      setDismissedFor(draft);
      return true;
    }
    return false;
  }

  const inputProps = {
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? optionId(current) : undefined,
  };
  const menu = (
    <>
      {open && (
        <ul id={listId} className="cc-quick-replies" role="listbox" aria-label="Quick replies" data-testid="quick-replies">
          {matches.map((text, i) => (
            <li
              key={text}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className={`cc-quick-replies__option${i === current ? ' cc-quick-replies__option--active' : ''}`}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(text)}
            >
              {text}
            </li>
          ))}
        </ul>
      )}
      {replies && (
        <span className="cc-visually-hidden" role="status">
          {open ? `${matches.length} quick ${matches.length === 1 ? 'reply' : 'replies'}: arrows to choose, Enter to use, Escape to close.` : ''}
        </span>
      )}
    </>
  );
  return { onKeyDown, inputProps, menu };
}
