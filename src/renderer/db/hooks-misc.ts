import { useEffect, useMemo, useState } from 'react';
import { distinctUntilChanged, map } from 'rxjs';
import type { JobDoc, MembershipDoc, UserDoc } from '../../shared/schemas';
import { useAppStore } from '../store';
import { peekCurrentDb, useCurrentDb } from './current';
import { presenceOf, typingUsersAt, type Presence } from './ephemeral';
import { useObservableValue } from './use-observable';

const NO_USERS: Record<string, UserDoc> = {};
const NO_JOBS: JobDoc[] = [];
const NO_MEMBERSHIPS: MembershipDoc[] = [];

/** undefined while loading, null when the user is not on this device. */
export function useUser(id: string | null | undefined): UserDoc | null | undefined {
  const { db } = useCurrentDb();
  const source = useMemo(
    () => (id ? db.users.findOne(id).$.pipe(map((doc) => (doc ? (doc.toJSON() as UserDoc) : null))) : null),
    [db, id],
  );
  return useObservableValue(source, source ? undefined : null);
}

/** The users of `ids` that are on this device, by id. */
export function useUsers(ids: string[]): Record<string, UserDoc> {
  const { db } = useCurrentDb();
  const key = [...new Set(ids)].sort().join('\n');
  const source = useMemo(() => {
    const wanted = key ? key.split('\n') : [];
    if (wanted.length === 0) return null;
    return db.users
      .find({ selector: { id: { $in: wanted } } })
      .$.pipe(map((docs) => Object.fromEntries(docs.map((doc) => [doc.id, doc.toJSON() as UserDoc]))));
  }, [db, key]);
  return useObservableValue(source, NO_USERS);
}

export function useJob(id: string | undefined): JobDoc | null | undefined {
  const { db } = useCurrentDb();
  const source = useMemo(
    () => (id ? db.jobs.findOne(id).$.pipe(map((doc) => (doc ? (doc.toJSON() as JobDoc) : null))) : null),
    [db, id],
  );
  return useObservableValue(source, source ? undefined : null);
}

/** Jobs where I am the client or the cleaner, latest scheduled first. */
export function useMyJobs(): JobDoc[] {
  const { db, me } = useCurrentDb();
  const source = useMemo(
    () =>
      db.jobs
        .find({ selector: { $or: [{ client_id: me }, { cleaner_id: me }] } })
        .$.pipe(
          map((docs) =>
            docs
              .map((doc) => doc.toJSON() as JobDoc)
              .sort((a, b) =>
                a.scheduled_at === b.scheduled_at
                  ? a.id.localeCompare(b.id)
                  : a.scheduled_at < b.scheduled_at
                    ? 1
                    : -1,
              ),
          ),
        ),
    [db, me],
  );
  return useObservableValue(source, NO_JOBS);
}

/** Every member's membership in a room (read receipts use the others' last_read_at). */
export function useRoomMemberships(roomId: string): MembershipDoc[] {
  const { db } = useCurrentDb();
  const source = useMemo(
    () =>
      db.memberships
        .find({ selector: { room_id: roomId } })
        .$.pipe(
          map((docs) => docs.map((doc) => doc.toJSON() as MembershipDoc)),
          // A write that left every field as it was (an echo of my own marker) is no change.
          distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        ),
    [db, roomId],
  );
  return useObservableValue(source, NO_MEMBERSHIPS);
}

/** Other users typing in the room now; re-renders when the next indicator expires. */
export function useTypingUsers(roomId: string): string[] {
  const me = peekCurrentDb()?.me ?? null;
  const entries = useAppStore((state) => state.typing[roomId]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const expiries = Object.values(entries ?? {}).filter((expiresAt) => expiresAt > now);
    if (expiries.length === 0) return undefined;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, Math.min(...expiries) - Date.now()) + 20);
    return () => clearTimeout(timer);
  }, [entries, now]);
  return useMemo(() => typingUsersAt(entries, me, now), [entries, me, now]);
}

/** Presence from the stream (see `presenceOf`); `unknown` for no one and while my stream is down. */
export function usePresence(userId: string | null | undefined): Presence {
  const me = peekCurrentDb()?.me ?? null;
  return useAppStore((state) => (userId ? presenceOf(state, userId, me) : 'unknown'));
}

/** Whether the stream says the user is online now. */
export function useIsOnline(userId: string | null | undefined): boolean {
  return usePresence(userId) === 'online';
}
