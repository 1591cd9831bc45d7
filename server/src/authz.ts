import type { Store } from './db/store';
import { AppError } from './errors';
import type { AttachmentRow } from './db/attachments';
import { messageAttachmentOf } from './db/attachments';
import { isManagedRoom, mayPost, membershipId, parseDmRoomId, type CollectionName, type JobDoc, type MessageAttachment, type RoomDoc } from './shared';

/** The repositories the audience rule reads; the change recorder passes them before `Store` exists. */
export type AudienceRepos = Pick<Store, 'jobs' | 'memberships' | 'messages' | 'reactions'>;

/**
 * THE rule of who may see a replicated document, in its current state. Everything else asks
 * here: REST and push through `canRead`/`requireRoom`/`requireJob`, and the change recorder,
 * which turns it into feed rows, so pull and stream follow it too (docs/server.md).
 *
 * - a room, its messages and their reactions: its active members (a removed reaction too, so
 *   its removal reaches them);
 * - a membership: the active members of its room while it is active; nobody once it has ended;
 * - a job: its client and its cleaner, and everyone in a support room about it;
 * - a user: themself, and everyone who shares an active room with them.
 */
export async function audienceOf(repos: AudienceRepos, collection: CollectionName, docId: string): Promise<Set<string>> {
  return (await audiencesOf(repos, collection, [docId])).get(docId) ?? new Set();
}

/**
 * `audienceOf` for many documents of one collection at once, in a few statements whatever their
 * number (the recorder's flush of a batch). Every id gets an entry (empty when it does not exist).
 * `rooms`, when given, receives the rooms whose members the answer was read from (for a room,
 * membership, message or reaction): what the recorder watches for a change before its lock.
 */
export async function audiencesOf(
  repos: AudienceRepos,
  collection: CollectionName,
  docIds: readonly string[],
  rooms?: Set<string>,
): Promise<Map<string, Set<string>>> {
  const ids = [...new Set(docIds)];
  const out = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  if (ids.length === 0) return out;
  /** Each document's room (or none), then each room's active members. */
  const byRoom = async (roomOf: Map<string, string>) => {
    for (const roomId of roomOf.values()) rooms?.add(roomId);
    const members = new Map<string, Set<string>>();
    for (const m of await repos.memberships.activeInRooms([...new Set(roomOf.values())])) {
      const set = members.get(m.room_id) ?? new Set<string>();
      set.add(m.user_id);
      members.set(m.room_id, set);
    }
    for (const [docId, roomId] of roomOf) out.set(docId, new Set(members.get(roomId)));
    return out;
  };
  switch (collection) {
    case 'users': {
      const co = await repos.memberships.coMembersOf(ids);
      for (const id of ids) out.set(id, new Set([id, ...(co.get(id) ?? [])]));
      return out;
    }
    case 'jobs': {
      const support = await repos.memberships.inSupportRoomsOfJobs(ids);
      for (const job of await repos.jobs.byIds(ids)) {
        out.set(job.id, new Set([job.client_id, ...(job.cleaner_id ? [job.cleaner_id] : []), ...(support.get(job.id) ?? [])]));
      }
      return out;
    }
    case 'rooms':
      return byRoom(new Map(ids.map((id) => [id, id])));
    case 'memberships':
      return byRoom(new Map((await repos.memberships.byIds(ids)).filter((m) => m.active === 1).map((m) => [m.id, m.room_id])));
    case 'messages':
      // Only the room: the recorder's flush reads this for every message a write stored.
      return byRoom(new Map((await repos.messages.roomsOf(ids)).map((m) => [m.id, m.room_id])));
    case 'reactions':
      // room_id is the message's room, checked when the reaction was first stored.
      return byRoom(new Map((await repos.reactions.byIds(ids)).map((r) => [r.id, r.room_id])));
  }
}

/** The authorization checks of REST and push, all derived from `audienceOf`. */
export function createAuthz(store: Store) {
  /** May the caller read this document in its current state? */
  const canRead = async (userId: string, collection: CollectionName, docId: string): Promise<boolean> =>
    (await audienceOf(store, collection, docId)).has(userId);

  /** The room, when the caller is in it. A foreign room answers exactly like a missing one. */
  const requireRoom = async (userId: string, roomId: string): Promise<RoomDoc> => {
    const room = (await canRead(userId, 'rooms', roomId)) ? await store.rooms.byId(roomId) : undefined;
    if (!room) throw new AppError('not_found', 'Room not found');
    return room;
  };

  return {
    canRead,
    requireRoom,

    /** Is the user an active member of the room (so may read it and write to it)? */
    isMember: (userId: string, roomId: string) => canRead(userId, 'rooms', roomId),

    /** The rooms among `roomIds` the user is an active member of (`isMember` for a batch, in one statement). */
    async memberOf(userId: string, roomIds: readonly string[]): Promise<Set<string>> {
      const audiences = await audiencesOf(store, 'rooms', roomIds);
      return new Set([...audiences].filter(([, users]) => users.has(userId)).map(([roomId]) => roomId));
    },

    /**
     * The room, when the caller is one of its owners and it is a room with owners (group or
     * announcement). Not a member: 404, as for any foreign room; a member: 403.
     */
    async requireOwner(userId: string, roomId: string): Promise<RoomDoc> {
      const room = await requireRoom(userId, roomId);
      if (!isManagedRoom(room)) throw new AppError('room_type_not_allowed', `A ${room.room_type} room has no owners to manage it`);
      if ((await store.memberships.byId(membershipId(roomId, userId)))?.role !== 'owner') {
        throw new AppError('forbidden', "Only the room's owners can do this");
      }
      return room;
    },

    /** May this member post in the room? Announcement rooms take messages from staff alone. */
    async mayPost(userId: string, room: RoomDoc): Promise<boolean> {
      return mayPost(room, (await store.users.byId(userId))?.role);
    },

    /** `mayPost` for many rooms of one batch: the caller's role is read once. */
    async postableRooms(userId: string, rooms: readonly RoomDoc[]): Promise<Set<string>> {
      const role = (await store.users.byId(userId))?.role;
      return new Set(rooms.filter((room) => mayPost(room, role)).map((room) => room.id));
    },

    /** The job, when the caller is its client or cleaner; 404 otherwise. */
    async requireJob(userId: string, jobId: string): Promise<JobDoc> {
      const job = (await canRead(userId, 'jobs', jobId)) ? await store.jobs.byId(jobId) : undefined;
      if (!job) throw new AppError('not_found', 'Job not found');
      return job;
    },

    /**
     * The upload, when the caller may read its bytes (SPEC §8): derived from the audience rule,
     * they are in the audience of a message carrying it; or they uploaded it and no message
     * carries it yet (between upload and send). Everyone else (a removed member, a stranger, a
     * guessed id) gets the same 404 as for an id that does not exist.
     */
    async requireAttachment(userId: string, attachmentId: string): Promise<AttachmentRow> {
      const row = await store.attachments.byId(attachmentId);
      if (row) {
        const holders = await store.attachments.messagesHolding(row.id);
        if (holders.length === 0 && row.uploader_id === userId) return row;
        for (const messageId of holders) if (await canRead(userId, 'messages', messageId)) return row;
      }
      throw new AppError('not_found', 'Attachment not found');
    },
    /**
     * May the caller send a message carrying `attachment`? Only their own upload, described as the
     * server stored it (the name is the sender's to choose). Otherwise someone who once saw an id
     * could carry the file into another room and read it from there after losing access.
     */
    async mayAttach(userId: string, attachment: MessageAttachment): Promise<boolean> {
      const row = await store.attachments.byIdForUpdate(attachment.id);
      if (!row || row.uploader_id !== userId) return false;
      const stored = messageAttachmentOf(row);
      return (['mime', 'size', 'width', 'height', 'duration_ms', 'thumbnail'] as const).every((f) => stored[f] === attachment[f]);
    },
    /**
     * May the caller create the DM `roomId`? Only `dm:<a>:<b>` with the caller as a or b and both
     * users existing. Returns the pair, or null.
     */
    async dmPairFor(userId: string, roomId: string): Promise<[string, string] | null> {
      const pair = parseDmRoomId(roomId);
      if (!pair || !pair.includes(userId)) return null;
      for (const id of pair) if (!(await store.users.byId(id))) return null;
      return pair;
    },
  };
}

export type Authz = ReturnType<typeof createAuthz>;
