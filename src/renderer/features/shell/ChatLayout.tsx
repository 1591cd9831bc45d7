import { Outlet, useLocation } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { useRoomListShown } from '../../db';
import { useMe } from '../../session';
import { ConversationList } from '../conversations/ConversationList';
import { useDeviceDrafts } from '../drafts/deviceDrafts';
import { ConversationSwitcher } from '../switcher/ConversationSwitcher';
import { MessageSearch } from '../search/SearchPanel';
import { useSearchIndexer } from '../search/runtime';

/** Whether a path shows something in the right pane (used to pick the pane on narrow windows). */
export function hasDetail(pathname: string): boolean {
  return !['/', '/messages', '/messages/'].includes(pathname);
}

/** Two panes: the conversations on the left, the selected room or page on the right. */
export function ChatLayout() {
  const { pathname } = useLocation();
  useDeviceDrafts(useMe().id);
  // The search index waits for the list's first paint (see useSearchIndexer).
  useSearchIndexer(useRoomListShown());
  return (
    <div className="cc-layout" data-detail={hasDetail(pathname) ? 'true' : 'false'}>
      <aside className="cc-layout__list" aria-label="Conversations">
        <ConversationList />
      </aside>
      <main className="cc-layout__main">
        <Outlet />
      </main>
      <ConversationSwitcher />
      <MessageSearch />
    </div>
  );
}

/** The right pane when no conversation is selected. */
export function NoConversation() {
  return (
    <EmptyState title="Select a conversation" level={1}>
      Pick a chat on the left, or start a new one with New Message.
    </EmptyState>
  );
}

/** Any other path inside the app. */
export function PageNotFound() {
  return <EmptyState title="Page not found" level={1} icon="search" />;
}
