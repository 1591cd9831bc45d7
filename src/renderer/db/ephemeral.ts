import { TYPING_TTL_MS } from '../../shared/limits';
import type { PresenceEvent, TypingEvent } from '../../shared/replication';
import { useAppStore } from '../store';

/**
 * Typing and presence live only in memory (zustand), never in RxDB. Expiry uses the local
 * clock at receipt, not the sender's `at`, so clock skew between devices cannot keep an
 * indicator up or hide it early.
 */
export function applyTyping(event: TypingEvent, me: string, now: number = Date.now()): void {
  if (event.user_id === me) return;
  useAppStore.setState((state) => {
    const typing: Record<string, Record<string, number>> = {};
    for (const [roomId, users] of Object.entries(state.typing)) {
      const live = Object.fromEntries(Object.entries(users).filter(([, expiresAt]) => expiresAt > now));
      if (Object.keys(live).length > 0) typing[roomId] = live;
    }
    typing[event.room_id] = { ...typing[event.room_id], [event.user_id]: now + TYPING_TTL_MS };
    return { typing };
  });
}

/** A message from someone ends their typing indicator in that room at once. */
export function clearTyping(roomId: string, userId: string): void {
  const users = useAppStore.getState().typing[roomId];
  if (!users || !(userId in users)) return;
  useAppStore.setState((state) => {
    const { [userId]: _gone, ...rest } = state.typing[roomId] ?? {};
    const typing = { ...state.typing, [roomId]: rest };
    if (Object.keys(rest).length === 0) delete typing[roomId];
    return { typing };
  });
}

export function applyPresence(event: PresenceEvent): void {
  useAppStore.setState((state) =>
    state.online[event.user_id] === event.online
      ? state
      : { online: { ...state.online, [event.user_id]: event.online } },
  );
}

/** What I can say about someone's presence: nothing at all while my own stream is down. */
export type Presence = 'online' | 'offline' | 'unknown';

/**
 * Presence as the screens show it. I am online exactly when my stream is. Others' presence comes
 * from that stream, so while it is down (I am offline or reconnecting) it is `unknown`: saying
 * "Offline" would claim something I cannot know.
 */
export function presenceOf(
  state: { connection: string; online: Record<string, boolean> },
  userId: string,
  me: string | null,
): Presence {
  if (userId === me) return state.connection === 'online' ? 'online' : 'offline';
  if (state.connection !== 'online') return 'unknown';
  return state.online[userId] === true ? 'online' : 'offline';
}

/** Presence is only known while the stream is up; without it nobody is shown online. */
export function clearPresence(): void {
  useAppStore.setState({ online: {} });
}

/** Users typing in a room at `now`, excluding `me`. */
export function typingUsersAt(
  typing: Record<string, number> | undefined,
  me: string | null,
  now: number,
): string[] {
  if (!typing) return [];
  return Object.entries(typing)
    .filter(([userId, expiresAt]) => userId !== me && expiresAt > now)
    .map(([userId]) => userId)
    .sort();
}
