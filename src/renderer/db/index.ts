/** All RxDB access of the renderer (STYLE.md): hooks for screens, actions, and the session's plumbing. */
export type { RoomListItem } from './room-list';
export { useRoomList, useRoomListShown, useUnreadTotals, useRoom, useJobRoomId } from './hooks-rooms';
export { useHoldUnreadCounts, useRoomMessages } from './hooks-messages';
export { useRoomReactions, useMessagesByIds } from './hooks-actions';
export { editMessage, deleteMessage, toggleReaction } from './message-actions';
export {
  useUser,
  useUsers,
  useJob,
  useMyJobs,
  useRoomMemberships,
  useTypingUsers,
  useIsOnline,
  usePresence,
} from './hooks-misc';
export type { Presence } from './ephemeral';
export { sendMessage, openDm, createGroup, markRoomRead, setArchived, setMuted, notifyTyping } from './actions';
export { onIncomingMessages } from './incoming';
export { sendAttachmentMessage, sendLocation } from './media-actions';
