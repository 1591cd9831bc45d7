import { useEffect, useId, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Avatar } from '../../components/Avatar';
import { Dialog } from '../../components/Dialog';
import { useActiveOption } from '../../components/useActiveOption';
import { useRoomList } from '../../db';
import { isSwitcherKey, switcherMatches } from './switcherMatch';
import './switcher.css';

/** Ctrl/Cmd+K anywhere in the signed-in app opens the switcher. */
export function ConversationSwitcher() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      if (!isSwitcherKey(event)) return;
      event.preventDefault();
      setOpen(true);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return open ? <SwitcherDialog onClose={() => setOpen(false)} /> : null;
}

/**
 * A combobox over every conversation (names and people): type to narrow, arrows to move,
 * Enter to open, Escape to close. Focus stays in the field; the highlighted option is
 * announced through aria-activedescendant.
 */
export function SwitcherDialog({ onClose }: { onClose(): void }) {
  const navigate = useNavigate();
  const jobs = useRoomList('job', 'all').items;
  const direct = useRoomList('direct', 'all').items;
  const all = useMemo(() => [...jobs, ...direct].sort((a, b) => b.lastActivity.localeCompare(a.lastActivity)), [jobs, direct]);
  const [query, setQuery] = useState('');
  const matches = useMemo(() => switcherMatches(all, query), [all, query]);
  const listId = useId();
  const optionId = (i: number) => `${listId}-${i}`;
  const { current, activeId, setActive, onKeyDown } = useActiveOption(matches.length, optionId);

  function choose(index: number) {
    const item = matches[index];
    if (!item) return;
    onClose();
    void navigate(`/messages/${item.room.id}`);
  }

  return (
    <Dialog label="Switch conversation" onClose={onClose}>
      <input
        className="cc-input cc-switcher__input"
        role="combobox"
        aria-label="Conversation or person"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId ?? undefined}
        placeholder="Type a name…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => onKeyDown(event, choose)}
        data-autofocus
        data-testid="switcher-input"
      />
      <ul id={listId} className="cc-switcher__list" role="listbox" aria-label="Conversations">
        {matches.map((item, i) => (
          <li
            key={item.room.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={`cc-switcher__option${i === current ? ' cc-switcher__option--active' : ''}`}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(i)}
            data-testid="switcher-option"
          >
            <Avatar name={item.title || 'Conversation'} url={item.peer?.avatar_url} />
            <span className="cc-switcher__name">{item.title || item.room.name || 'Conversation'}</span>
            <span className="cc-switcher__kind">{item.room.room_type === 'job' ? 'Job chat' : 'Direct message'}</span>
          </li>
        ))}
      </ul>
      <p className="cc-switcher__status" role="status">
        {matches.length === 0 ? 'No conversation matches.' : `${matches.length} ${matches.length === 1 ? 'conversation' : 'conversations'}`}
      </p>
    </Dialog>
  );
}
