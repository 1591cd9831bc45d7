import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { EmptyState, Loading } from '../../components/EmptyState';
import { useRoomList, useUnreadTotals } from '../../db';
import { useMe } from '../../session';
import { useAppStore, type Filter, type Tab } from '../../store';
import { NewGroupDialog } from '../groups/NewGroupDialog';
import { NewMessageDialog } from '../newMessage/NewMessageDialog';
import { CONVERSATION_PANEL_ID, ConversationTabs, RoomFilter } from './ConversationTabs';
import { rowIndexForKey } from './preview';
import { RoomRow } from './RoomRow';
import './conversations.css';

/** Moves focus between conversation rows with Arrow keys, Home and End. */
function onListKeyDown(event: KeyboardEvent<HTMLUListElement>) {
  const rows = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>('[data-testid="room-row"]'));
  const current = rows.findIndex((row) => row === document.activeElement);
  const next = rowIndexForKey(event.key, Math.max(current, 0), rows.length);
  if (next === null) return;
  event.preventDefault();
  rows[current < 0 && event.key === 'ArrowDown' ? 0 : next]?.focus();
}

function emptyText(tab: Tab, filter: Filter): { title: string; body: string } {
  const kind = tab === 'job' ? 'job chats' : 'direct messages';
  if (filter === 'archived') return { title: `No archived ${kind}`, body: 'Conversations you archive appear here.' };
  if (tab === 'job') return { title: 'No job chats yet', body: 'Every job you take part in gets its own chat.' };
  return { title: 'No direct messages yet', body: 'Start one with New Message.' };
}

/** The left pane: tabs, filter, the conversations and the New Message dialog. */
export function ConversationList() {
  const me = useMe();
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  const filter = useAppStore((s) => s.filter);
  const setFilter = useAppStore((s) => s.setFilter);
  const activeRoomId = useAppStore((s) => s.activeRoomId);
  const totals = useUnreadTotals();
  const { items, loading } = useRoomList(tab, filter);
  const [composing, setComposing] = useState(false);
  const [grouping, setGrouping] = useState(false);
  const empty = emptyText(tab, filter);
  const heading = useRef<HTMLHeadingElement>(null);

  // The list mounts when the app opens (after sign-in the focused form is gone): start keyboard
  // and screen-reader users at the conversations instead of leaving focus on <body>.
  useEffect(() => {
    if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
  }, []);

  return (
    <div className="cc-convs">
      <div className="cc-convs__head">
        <h2 className="cc-convs__title" ref={heading} tabIndex={-1} data-testid="conversations-heading">
          Chats
        </h2>
        <button type="button" className="cc-button cc-button--primary" onClick={() => setComposing(true)}>
          <span aria-hidden="true">+</span>
          New Message
        </button>
        <button type="button" className="cc-button" onClick={() => setGrouping(true)}>
          New group
        </button>
      </div>
      <ConversationTabs tab={tab} unread={totals} onChange={setTab} />
      <RoomFilter filter={filter} onChange={setFilter} />
      {/* Labelled by name, not by its tab: "Direct Messages" would make every "Message" label lookup ambiguous. */}
      <div className="cc-convs__panel" role="tabpanel" id={CONVERSATION_PANEL_ID} aria-label="Conversation list">
        {loading && items.length === 0 ? (
          <Loading label="Loading conversations…" />
        ) : items.length === 0 ? (
          <EmptyState title={empty.title} level={3} icon={tab === 'job' ? 'jobs' : 'chat'}>
            {empty.body}
          </EmptyState>
        ) : (
          <ul className="cc-convs__list" onKeyDown={onListKeyDown}>
            {items.map((item) => (
              <RoomRow key={item.room.id} item={item} me={me.id} active={item.room.id === activeRoomId} />
            ))}
          </ul>
        )}
      </div>
      {composing && <NewMessageDialog onClose={() => setComposing(false)} />}
      {grouping && <NewGroupDialog onClose={() => setGrouping(false)} />}
    </div>
  );
}
