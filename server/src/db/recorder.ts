import { audienceOf, type AudienceRepos } from '../authz';
import type { CollectionName } from '../shared';
import type { createFeedRepo } from './feed';
import type { createRoomsRepo } from './rooms';

/** One document changed (or was revoked) for one user, at feed position `seq`. */
export interface Change {
  userId: string;
  collection: CollectionName;
  docId: string;
  seq: number;
}

/** What a committed transaction changed: the stream fans this out. */
export interface ChangeBatch {
  changes: Change[];
  /** Users who received a bulk backfill or purge: they get RESYNC rather than every document. */
  resyncUsers: Set<string>;
}

/**
 * What domain code tells the recorder inside a transaction: only WHAT changed. Who must hear of
 * it is worked out once, at the end of the transaction, from the audience rule (`authz.ts`).
 */
export interface ChangeRecorder {
  /** The document's content changed (or it was created). */
  changed(collection: CollectionName, docId: string): void;
  /** Who is in the room changed: its room, memberships, messages, job and members' records follow. */
  roomAudienceChanged(roomId: string): void;
}

type Repos = AudienceRepos & { rooms: ReturnType<typeof createRoomsRepo>; feed: Awaited<ReturnType<typeof createFeedRepo>> };

const keyOf = (collection: CollectionName, docId: string) => `${collection}\u0000${docId}`;

/**
 * Collects changes during one transaction; `flush` (still inside it) turns them into feed rows.
 * For each document: everyone in its audience now who must hear of it gets a live row with a new
 * seq, and everyone holding a live row who is no longer in the audience gets it revoked. A
 * changed document is re-sent to its whole audience; a document whose audience alone may have
 * moved (because a room's members did) only to those who gained or lost it.
 */
export function createRecorder(repos: Repos) {
  const contentChanged = new Map<string, [CollectionName, string]>();
  const reachChanged = new Map<string, [CollectionName, string]>();
  const rooms = new Set<string>();

  const recorder: ChangeRecorder = {
    changed: (collection, docId) => void contentChanged.set(keyOf(collection, docId), [collection, docId]),
    roomAudienceChanged: (roomId) => void rooms.add(roomId),
  };

  async function flush(): Promise<ChangeBatch> {
    const batch: ChangeBatch = { changes: [], resyncUsers: new Set() };
    if (rooms.size === 0 && contentChanged.size === 0) return batch;
    await repos.feed.lock();
    const stamp = async (userId: string, collection: CollectionName, docId: string, revoked: boolean) =>
      void batch.changes.push({ userId, collection, docId, seq: await repos.feed.touch(userId, collection, docId, revoked) });

    for (const roomId of rooms) {
      // Messages (and their reactions) follow the room exactly, so the room's gainers and losers take the whole history
      // in one statement each instead of one comparison per message.
      const now = await audienceOf(repos, 'rooms', roomId);
      const held = await repos.feed.liveHolders('rooms', roomId);
      for (const userId of now) if (!held.has(userId)) await bulk(userId, roomId, false);
      for (const userId of held) if (!now.has(userId)) await bulk(userId, roomId, true);
      recorder.changed('rooms', roomId);
      for (const m of await repos.memberships.allInRoom(roomId)) {
        reachChanged.set(keyOf('memberships', m.id), ['memberships', m.id]);
        reachChanged.set(keyOf('users', m.user_id), ['users', m.user_id]);
      }
      const jobId = (await repos.rooms.byId(roomId))?.job_id;
      if (jobId) reachChanged.set(keyOf('jobs', jobId), ['jobs', jobId]);
    }
    const check = async (collection: CollectionName, docId: string, whole: boolean) => {
      const now = await audienceOf(repos, collection, docId);
      const held = await repos.feed.liveHolders(collection, docId);
      for (const userId of now) if (whole || !held.has(userId)) await stamp(userId, collection, docId, false);
      for (const userId of held) if (!now.has(userId)) await stamp(userId, collection, docId, true);
    };
    for (const [collection, docId] of contentChanged.values()) await check(collection, docId, true);
    for (const [key, [collection, docId]] of reachChanged) if (!contentChanged.has(key)) await check(collection, docId, false);
    return batch;

    async function bulk(userId: string, roomId: string, revoked: boolean) {
      // Reactions follow their messages' room the same way.
      const messages = await repos.feed.touchRoomMessages(userId, roomId, revoked);
      const reactions = await repos.feed.touchRoomReactions(userId, roomId, revoked);
      if (messages + reactions > 0) batch.resyncUsers.add(userId);
    }
  }

  return { recorder, flush };
}
