import { audiencesOf, type AudienceRepos } from '../authz';
import type { CollectionName } from '../shared';
import type { createFeedRepo, Stamp } from './feed';
import { withRoomMembersRead } from './memberships';
import type { createRoomsRepo } from './rooms';

/** One document changed (or was revoked) for one user, at feed position `seq`: that user's feed row. */
export interface Change {
  userId: string;
  collection: CollectionName;
  docId: string;
  seq: number;
  /** The row revokes the document (absent from batches of older instances: read as unknown). */
  revoked?: boolean;
}

/** What a committed transaction changed: the stream fans this out. */
export interface ChangeBatch {
  changes: Change[];
  /** Users who received a bulk backfill or purge: they get RESYNC rather than every document. */
  resyncUsers: Set<string>;
  /**
   * Every feed position in (from, to] was taken by this commit, and `changes` are all of its feed
   * rows but the bulk history of `resyncUsers`: a hub that has seen every commit up to `from`
   * may deliver from the batch itself (docs/server.md, "Delivered from the batch"). Absent when
   * the flush does not know its positions.
   */
  range?: { from: number; to: number };
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
 *
 * The flush costs a few statements per collection, not per document or per reader: the
 * audiences and the live holders of all of a collection's documents are read at once, and all
 * the feed rows are written by one multi-row upsert (docs/server.md, "Batched writes").
 */
export function createRecorder(repos: Repos) {
  const contentChanged = new Map<string, [CollectionName, string]>();
  const reachChanged = new Map<string, [CollectionName, string]>();
  const rooms = new Set<string>();

  const recorder: ChangeRecorder = {
    changed: (collection, docId) => void contentChanged.set(keyOf(collection, docId), [collection, docId]),
    roomAudienceChanged: (roomId) => void rooms.add(roomId),
  };

  /**
   * With `commit` (the recorder's transaction ends with the flush; `store.write`), on PostgreSQL
   * the feed write and the COMMIT go as one round trip when they can (`feed.touchMany`): then
   * the transaction has committed when this resolves, and nothing may be sent in it after.
   */
  async function flush(options: { commit?: boolean } = {}): Promise<ChangeBatch> {
    const batch: ChangeBatch = { changes: [], resyncUsers: new Set() };
    if (rooms.size === 0 && contentChanged.size === 0) return batch;
    let stamps: Stamp[] = [];
    let seqs: number[] | null = null;
    let from: number | undefined;
    if (rooms.size === 0) {
      // Only content changed: the stamps are derived before the lock, and under it one statement
      // checks that no commit since touched what they were derived from, takes the positions and
      // writes them (docs/server.md, "The checkpoint hazard"). Otherwise they are derived again.
      const watched = new Set<string>();
      const early = await stampsOf(withRoomMembersRead(repos), watched);
      // touchMany takes the lock itself here, in the statement that writes the rows.
      const watch = [...watched].map((key) => {
        const [collection, docId] = key.split('\u0000') as [CollectionName, string];
        return { collection, docId };
      });
      stamps = early.stamps;
      const written = await repos.feed.touchManyUnless(stamps, { position: early.position, watch, commit: options.commit });
      seqs = written.seqs;
      if (seqs !== null && seqs.length > 0) from = (seqs[0] as number) - 1;
      // The one-round-trip write rolled back to before it, lock included: take the lock again.
      if (written.seqs === null && !written.locked) await repos.feed.lock();
    }
    if (seqs === null) {
      // Under the lock (feed_write took it when its check failed, or the line above). The members
      // read for the rooms' gainers and losers serve the stamps after them: only feed rows are written between.
      const locked = withRoomMembersRead(repos);
      if (rooms.size > 0) {
        from = await repos.feed.lock();
        await roomsReach();
      }
      stamps = (await stampsOf(locked, undefined, rooms.size > 0 ? roomsGainedOrLost : undefined)).stamps;
      seqs = await repos.feed.touchMany(stamps);
      if (rooms.size === 0 && seqs.length > 0) from = (seqs[0] as number) - 1;
    }
    const positions = seqs;
    stamps.forEach(({ userId, collection, docId, revoked }, i) =>
      batch.changes.push({ userId, collection, docId, seq: positions[i] as number, revoked }),
    );
    // Positions are taken in one run from `from` on, the history's first; the stamps' are the last.
    if (from !== undefined && positions.length > 0) batch.range = { from, to: positions.at(-1) as number };
    return batch;

    /** The documents whose audience follows the rooms': the rooms, their memberships, members' records and jobs. */
    async function roomsReach() {
      const roomIds = [...rooms];
      for (const roomId of roomIds) recorder.changed('rooms', roomId);
      for (const m of await repos.memberships.allInRooms(roomIds)) {
        reachChanged.set(keyOf('memberships', m.id), ['memberships', m.id]);
        reachChanged.set(keyOf('users', m.user_id), ['users', m.user_id]);
      }
      for (const jobId of await repos.rooms.jobIdsOf(roomIds)) reachChanged.set(keyOf('jobs', jobId), ['jobs', jobId]);
    }

    /**
     * Messages (and their reactions) follow the room exactly, so the room's gainers and losers take the whole history
     * in two statements for all of them instead of one comparison per message and reader. Returns the losers: their
     * rows of the rooms' messages and reactions are revoked already.
     */
    async function roomsGainedOrLost(now: Map<string, Set<string>>, held: Map<string, Set<string>>): Promise<Set<string>> {
      const losers = new Set<string>();
      for (const roomId of rooms) {
        const [inNow, inHeld] = [now.get(roomId) ?? new Set<string>(), held.get(roomId) ?? new Set<string>()];
        const lost = [...inHeld].filter((u) => !inNow.has(u));
        await bulk([...inNow].filter((u) => !inHeld.has(u)), roomId, false);
        await bulk(lost, roomId, true);
        for (const u of lost) losers.add(u);
      }
      return losers;
    }

    async function bulk(userIds: string[], roomId: string, revoked: boolean) {
      for (const userId of await repos.feed.touchRoomHistory(userIds, roomId, revoked)) batch.resyncUsers.add(userId);
    }
  }

  /**
   * The feed rows every recorded document needs now, from its audience and its live holders.
   * `watched`, when given, receives what they were derived from: each document, and the rooms
   * whose members its audience was read from. `position` is the newest position committed
   * before the first of those reads.
   */
  async function stampsOf(
    audienceRepos: AudienceRepos,
    watched?: Set<string>,
    history?: (now: Map<string, Set<string>>, held: Map<string, Set<string>>) => Promise<Set<string>>,
  ): Promise<{ stamps: Stamp[]; position: number }> {
    // Every document once, content changes first, in the order they were recorded.
    const docs: Array<[CollectionName, string, boolean]> = [...contentChanged.values()].map(([c, id]) => [c, id, true]);
    for (const [key, [c, id]] of reachChanged) if (!contentChanged.has(key)) docs.push([c, id, false]);
    const byCollection = new Map<CollectionName, string[]>();
    for (const [c, id] of docs) byCollection.set(c, [...(byCollection.get(c) ?? []), id]);
    // The holders of every document in one statement, first: the position read with them is older than every read after it.
    const holders = await repos.feed.liveHoldersOfAll(byCollection);
    const audiences = new Map<CollectionName, { now: Map<string, Set<string>>; held: Map<string, Set<string>> }>();
    const rooms = watched && new Set<string>();
    for (const [c, ids] of byCollection) {
      audiences.set(c, { now: await audiencesOf(audienceRepos, c, ids, rooms), held: holders.held.get(c) ?? new Map() });
      for (const id of ids) watched?.add(keyOf(c, id));
    }
    for (const roomId of rooms ?? []) watched?.add(keyOf('rooms', roomId));
    // The rooms' history is written after the holders were read: its losers' rows of the rooms'
    // messages and reactions are revoked by it already, so they get no second revocation here.
    const ofRooms = audiences.get('rooms');
    const losers = history && ofRooms ? await history(ofRooms.now, ofRooms.held) : new Set<string>();
    const stamps: Stamp[] = [];
    for (const [collection, docId, whole] of docs) {
      const { now, held } = audiences.get(collection)!;
      const revokedAlready = collection === 'messages' || collection === 'reactions' ? losers : undefined;
      const [inNow, inHeld] = [now.get(docId) ?? new Set<string>(), held.get(docId) ?? new Set<string>()];
      for (const userId of inNow) if (whole || !inHeld.has(userId)) stamps.push({ userId, collection, docId, revoked: false });
      for (const userId of inHeld)
        if (!inNow.has(userId) && !revokedAlready?.has(userId)) stamps.push({ userId, collection, docId, revoked: true });
    }
    return { stamps, position: holders.position };
  }

  return { recorder, flush };
}
