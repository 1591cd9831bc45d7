import type { Store } from './db/store';
import { AppError } from './errors';
import { parseDmRoomId, type CollectionName, type JobDoc, type RoomDoc } from './shared';

/** The repositories the audience rule reads; the change recorder passes them before `Store` exists. */
export type AudienceRepos = Pick<Store, 'jobs' | 'memberships' | 'messages'>;

/**
 * THE rule of who may see a replicated document, in its current state. Everything else asks
 * here: REST and push through `canRead`/`requireRoom`/`requireJob`, and the change recorder,
 * which turns it into feed rows, so pull and stream follow it too (docs/server.md).
 *
 * - a room, and its messages: its active members;
 * - a membership: the active members of its room while it is active; nobody once it has ended;
 * - a job: its client and its cleaner;
 * - a user: themself, and everyone who shares an active room with them.
 */
export function audienceOf(repos: AudienceRepos, collection: CollectionName, docId: string): Set<string> {
  const roomMembers = (roomId: string) => new Set(repos.memberships.activeInRoom(roomId).map((m) => m.user_id));
  switch (collection) {
    case 'users':
      return new Set([docId, ...repos.memberships.coMembers(docId)]);
    case 'jobs': {
      const job = repos.jobs.byId(docId);
      return new Set(job ? [job.client_id, ...(job.cleaner_id ? [job.cleaner_id] : [])] : []);
    }
    case 'rooms':
      return roomMembers(docId);
    case 'memberships': {
      const row = repos.memberships.byId(docId);
      return row && row.active === 1 ? roomMembers(row.room_id) : new Set();
    }
    case 'messages': {
      const msg = repos.messages.byId(docId);
      return msg ? roomMembers(msg.room_id) : new Set();
    }
  }
}

/** The authorization checks of REST and push, all derived from `audienceOf`. */
export function createAuthz(store: Store) {
  /** May the caller read this document in its current state? */
  const canRead = (userId: string, collection: CollectionName, docId: string): boolean =>
    audienceOf(store, collection, docId).has(userId);

  return {
    canRead,

    /** Is the user an active member of the room (so may read it and write to it)? */
    isMember: (userId: string, roomId: string) => canRead(userId, 'rooms', roomId),

    /** The room, when the caller is in it. A foreign room answers exactly like a missing one. */
    requireRoom(userId: string, roomId: string): RoomDoc {
      const room = canRead(userId, 'rooms', roomId) ? store.rooms.byId(roomId) : undefined;
      if (!room) throw new AppError('not_found', 'Room not found');
      return room;
    },

    /** The job, when the caller is its client or cleaner; 404 otherwise. */
    requireJob(userId: string, jobId: string): JobDoc {
      const job = canRead(userId, 'jobs', jobId) ? store.jobs.byId(jobId) : undefined;
      if (!job) throw new AppError('not_found', 'Job not found');
      return job;
    },

    /**
     * May the caller create the DM `roomId`? Only `dm:<a>:<b>` with the caller as a or b and both
     * users existing. Returns the pair, or null.
     */
    dmPairFor(userId: string, roomId: string): [string, string] | null {
      const pair = parseDmRoomId(roomId);
      if (!pair || !pair.includes(userId)) return null;
      return pair.every((id) => store.users.byId(id)) ? pair : null;
    },
  };
}

export type Authz = ReturnType<typeof createAuthz>;
