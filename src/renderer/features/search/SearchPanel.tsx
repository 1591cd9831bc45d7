import { useEffect, useId, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Dialog } from '../../components/Dialog';
import { useActiveOption } from '../../components/useActiveOption';
import { formatDateTime, fullName } from '../../components/format';
import { useRoomList, useUsers } from '../../db';
import { useMe } from '../../session';
import { useAppStore } from '../../store';
import type { MessageDoc } from '../../../shared/schemas';
import { searchShortcut, useSearchPanel } from './panelState';
import { highlight, queryTerms } from './searchText';
import { useMessageSearch, type SearchResults } from './useMessageSearch';
import './search.css';

/** The panel and its shortcuts; mount once in the signed-in layout. */
export function MessageSearch() {
  const { open, roomId, openSearch, closeSearch } = useSearchPanel();
  const activeRoomId = useAppStore((s) => s.activeRoomId);
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      const scope = searchShortcut(event);
      if (!scope) return;
      event.preventDefault();
      openSearch(scope === 'room' ? activeRoomId : null);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [activeRoomId, openSearch]);
  // Keyed by scope: Ctrl+F in a room while the global panel is open starts afresh in that room.
  return open ? <SearchPanel key={roomId ?? ''} roomId={roomId} onClose={closeSearch} /> : null;
}

/** The header's way in: the same panel over every conversation. */
export function SearchButton() {
  const openSearch = useSearchPanel((s) => s.openSearch);
  return (
    <button type="button" className="cc-button cc-search-button" onClick={() => openSearch(null)} aria-keyshortcuts="Control+Shift+F Meta+Shift+F" data-testid="search-button">
      Search
    </button>
  );
}

function statusText(results: SearchResults, typed: string): string {
  if (!typed.trim()) return results.status === 'indexing' ? 'Getting your messages ready to search…' : 'Type to search your messages.';
  // Only words such as "the" or "is", which are in nearly every message and not searched for.
  if (queryTerms(typed).length === 0) return 'Type a more specific word.';
  if (results.status === 'searching') return 'Searching…';
  const { total, groups } = results;
  const partial = results.status === 'indexing' ? ' (still indexing)' : '';
  if (total === 0) return `No messages match${partial}.`;
  const rooms = `${groups.length} ${groups.length === 1 ? 'conversation' : 'conversations'}`;
  return `${total} ${total === 1 ? 'message' : 'messages'} in ${rooms}${partial}`;
}

/**
 * Search over the messages on this device: a combobox whose options are the matching
 * messages, grouped by conversation. Arrows, Home and End move (focus stays in the field),
 * Enter opens the message in its conversation, Escape closes. A status line (a live region)
 * says how many match.
 */
export function SearchPanel({ roomId, onClose }: { roomId: string | null; onClose(): void }) {
  const navigate = useNavigate();
  const me = useMe();
  const [query, setQuery] = useState('');
  const [onlyRoom, setOnlyRoom] = useState(roomId !== null);
  const results = useMessageSearch(query, onlyRoom ? roomId : null);
  const flat = useMemo(() => results.groups.flatMap((g) => g.messages), [results.groups]);
  const listId = useId();
  const optionId = (id: string) => `${listId}-${id}`;
  const { current, activeId, setActive, onKeyDown } = useActiveOption(flat.length, (i) => (flat[i] ? optionId(flat[i].id) : null));
  const activeMessage = flat[current];
  const titles = useRoomTitles();
  const senders = useUsers(useMemo(() => [...new Set(flat.map((m) => m.sender_id))], [flat]));

  function choose(message: MessageDoc | undefined) {
    if (!message) return;
    onClose();
    void navigate(`/messages/${message.room_id}`, { state: { focusMessageId: message.id } });
  }

  const roomTitle = roomId ? titles.get(roomId) || 'this conversation' : null;
  return (
    <Dialog label="Search messages" onClose={onClose}>
      <input
        className="cc-input cc-search__input"
        type="search"
        role="combobox"
        aria-label={onlyRoom && roomTitle ? `Search in ${roomTitle}` : 'Search all conversations'}
        aria-expanded={flat.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId ?? undefined}
        placeholder={onlyRoom && roomTitle ? `Search in ${roomTitle}…` : 'Search messages…'}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => onKeyDown(event, (i) => choose(flat[i]))}
        data-autofocus
        data-testid="search-input"
      />
      {roomTitle && (
        <label className="cc-search__scope">
          <input type="checkbox" checked={onlyRoom} onChange={(event) => setOnlyRoom(event.target.checked)} /> Only in {roomTitle}
        </label>
      )}
      <div id={listId} className="cc-search__list" role="listbox" aria-label="Matching messages">
        {results.groups.map((group) => (
          <div key={group.roomId} role="group" aria-labelledby={`${listId}-g-${group.roomId}`} className="cc-search__group">
            <div id={`${listId}-g-${group.roomId}`} className="cc-search__room" role="presentation">
              {titles.get(group.roomId) || 'Conversation'}
            </div>
            {group.messages.map((message) => (
              <div
                key={message.id}
                id={optionId(message.id)}
                role="option"
                aria-selected={message === activeMessage}
                className={`cc-search__option${message === activeMessage ? ' cc-search__option--active' : ''}`}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(message)}
                data-testid="search-result"
                data-message-id={message.id}
              >
                <span className="cc-search__meta">
                  {message.sender_id === me.id ? 'You' : fullName(senders[message.sender_id]) || 'Someone'} · {formatDateTime(message.received_at ?? message.created_at)}
                </span>
                <span className="cc-search__text">
                  {highlight(message.content, results.query).map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
                </span>
              </div>
            ))}
          </div>
        ))}
      </div>
      <p className="cc-search__status" role="status" data-testid="search-status">
        {statusText(results, query)}
      </p>
    </Dialog>
  );
}

/** Conversation titles by room id, as the conversation list names them. */
function useRoomTitles(): Map<string, string> {
  const jobs = useRoomList('job', 'all').items;
  const direct = useRoomList('direct', 'all').items;
  return useMemo(() => new Map([...jobs, ...direct].map((item) => [item.room.id, item.title || item.room.name])), [jobs, direct]);
}
