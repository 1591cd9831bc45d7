import type { Store } from './db/store';
import { AppError } from './errors';
import { parseDmRoomId, type CollectionName, type JobDoc, type RoomDoc } from './shared';

/**
 * The one authorization module. Every read and write path — REST, pull, push and the stream —
 * asks here. The rule underneath all of them: a user sees a room, its memberships and messages
 * only while they are an active member; they see a job while they are its client or cleaner;
 * they see another user while they share a room.
 */
export function createAuthz(store: Store) {
  const isMember = (userId: string, roomId: string) => store.memberships.isActive(roomId, userId);

  return {
    isMember,

    /** The room, when the caller is in it. A foreign room answers exactly like a missing one. */
    requireRoom(userId: string, roomId: string): RoomDoc {
      const room = isMember(userId, roomId) ? store.rooms.byId(roomId) : undefined;
      if (!room) throw new AppError('not_found', 'Room not found');
      return room;
    },

    /** The job, when the caller is its client or cleaner; 404 otherwise. */
    requireJob(userId: string, jobId: string): JobDoc {
      const job = store.jobs.byId(jobId);
      if (!job || (job.client_id !== userId && job.cleaner_id !== userId)) throw new AppError('not_found', 'Job not found');
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

    /** May the caller read this document in its current state? Used to shape push conflicts. */
    canRead(userId: string, collection: CollectionName, docId: string): boolean {
      switch (collection) {
        case 'users':
          return docId === userId || store.memberships.sharesRoom(userId, docId);
        case 'jobs': {
          const job = store.jobs.byId(docId);
          return !!job && (job.client_id === userId || job.cleaner_id === userId);
        }
        case 'rooms':
          return isMember(userId, docId);
        case 'memberships': {
          const row = store.memberships.byId(docId);
          return !!row && row.active === 1 && isMember(userId, row.room_id);
        }
        case 'messages': {
          const msg = store.messages.byId(docId);
          return !!msg && isMember(userId, msg.room_id);
        }
      }
    },
  };
}

export type Authz = ReturnType<typeof createAuthz>;
