import { memo, useRef, type KeyboardEvent } from 'react';
import { UnreadBadge } from '../../components/UnreadBadge';
import type { Filter, Tab } from '../../store';

export const CONVERSATION_PANEL_ID = 'conversation-panel';

const TABS: { value: Tab; label: string }[] = [
  { value: 'job', label: 'Job Chats' },
  { value: 'direct', label: 'Direct Messages' },
];

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All' },
];

function tabId(tab: Tab): string {
  return `conversation-tab-${tab}`;
}

/**
 * Roving focus for a row of options (tabs, radios): Left/Right (and Up/Down) move and select,
 * Home/End jump, as in the WAI-ARIA tabs and radio group patterns.
 */
function useRovingKeys<T extends string>(values: readonly T[], current: T, onChange: (value: T) => void) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  function onKeyDown(event: KeyboardEvent) {
    const index = values.indexOf(current);
    const last = values.length - 1;
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? (index + 1) % values.length
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? (index - 1 + values.length) % values.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    const value = next === null ? undefined : values[next];
    if (value === undefined) return;
    event.preventDefault();
    onChange(value);
    refs.current.get(value)?.focus();
  }
  const register = (value: T) => (el: HTMLButtonElement | null) => {
    if (el) refs.current.set(value, el);
    else refs.current.delete(value);
  };
  return { onKeyDown, register };
}

interface TabsProps {
  tab: Tab;
  unread: { job: number; direct: number };
  onChange(tab: Tab): void;
}

/**
 * Job Chats | Direct Messages, each with its unread badge. Memoised, like RoomFilter: the list
 * around them re-renders on every message, their props change when a total or the tab does.
 */
export const ConversationTabs = memo(function ConversationTabs({ tab, unread, onChange }: TabsProps) {
  const roving = useRovingKeys(
    TABS.map((t) => t.value),
    tab,
    onChange,
  );
  return (
    <div className="cc-tabs" role="tablist" aria-label="Conversation type" onKeyDown={roving.onKeyDown}>
      {TABS.map(({ value, label }) => (
        <button
          key={value}
          ref={roving.register(value)}
          type="button"
          role="tab"
          id={tabId(value)}
          className="cc-tabs__tab"
          aria-selected={tab === value}
          aria-controls={CONVERSATION_PANEL_ID}
          tabIndex={tab === value ? 0 : -1}
          onClick={() => onChange(value)}
        >
          <span>{label}</span>
          <UnreadBadge count={unread[value]} testId={`unread-badge-${value}`} />
        </button>
      ))}
    </div>
  );
});

interface FilterProps {
  filter: Filter;
  onChange(filter: Filter): void;
}

/** Active | Archived | All, as a radio group of segmented buttons. */
export const RoomFilter = memo(function RoomFilter({ filter, onChange }: FilterProps) {
  const roving = useRovingKeys(
    FILTERS.map((f) => f.value),
    filter,
    onChange,
  );
  return (
    <div className="cc-segments" role="radiogroup" aria-label="Show conversations" onKeyDown={roving.onKeyDown}>
      {FILTERS.map(({ value, label }) => (
        <button
          key={value}
          ref={roving.register(value)}
          type="button"
          role="radio"
          className="cc-segments__option"
          aria-checked={filter === value}
          tabIndex={filter === value ? 0 : -1}
          onClick={() => onChange(value)}
        >
          {label}
        </button>
      ))}
    </div>
  );
});
