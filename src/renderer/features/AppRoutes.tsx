import { Route, Routes } from 'react-router';
import '../components/theme.css';
import { JobChatScreen, RoomByIdScreen } from './room/RoomView';
import { JobDetailsScreen } from './jobs/JobDetailsScreen';
import { JobsScreen } from './jobs/JobsScreen';
import { useDesktopNotifications } from './notifications/useDesktopNotifications';
import { ProfileScreen } from './profile/ProfileScreen';
import { AppHeader } from './shell/AppHeader';
import { SupportScreen } from './support/SupportScreen';
import { ChatLayout, NoConversation, PageNotFound } from './shell/ChatLayout';
import './AppRoutes.css';

/**
 * Notifications and the app badge follow every room and unread count; as a leaf of their own,
 * their updates (one or more per arriving message) do not re-render the whole app.
 */
function DesktopNotifications() {
  useDesktopNotifications();
  return null;
}

/**
 * The signed-in app (rendered by the shell inside a BrowserRouter). Every screen sits in the
 * right pane next to the conversation list (SPEC §5 routes plus jobs and profiles).
 */
export function AppRoutes() {
  return (
    <div className="cc-app">
      <DesktopNotifications />
      <AppHeader />
      <Routes>
        <Route element={<ChatLayout />}>
          <Route index element={<NoConversation />} />
          <Route path="messages" element={<NoConversation />} />
          <Route path="messages/:roomId" element={<RoomByIdScreen />} />
          <Route path="jobs" element={<JobsScreen />} />
          <Route path="jobs/:jobId" element={<JobDetailsScreen />} />
          <Route path="jobs/:jobId/chat" element={<JobChatScreen />} />
          <Route path="users/:userId" element={<ProfileScreen />} />
          <Route path="support" element={<SupportScreen />} />
          <Route path="*" element={<PageNotFound />} />
        </Route>
      </Routes>
    </div>
  );
}
