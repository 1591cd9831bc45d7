import type { ChangeRecorder } from '../db/store';
import { membershipDoc } from '../db/memberships';
import {
  displayTextProblem,
  emojiProblem,
  isGroupRoomId,
  isManagedRoom,
  normalizeDisplayText,
  nowIso,
  reactionId,
  type CollectionName,
  type MembershipDoc,
  type PushRow,
  type RoomDoc,
  type WireDoc,
} from '../shared';
import { commit, type Ctx } from './context';
import { loadState } from './documents';
import { sameFields } from './push-validation';
import { pushMessages } from './push-messages';
import { applyReaction } from './reactions';
import { ensureDm, updateOwnMembership } from './rooms';
import { insertManagedRoom, leaveInside, planManagedRoom } from './groups';
import { AppError } from '../errors';

const ROOM_FIELDS = [
  'room_type', 'name', 'job_id', 'participant_ids', 'created_by', 'created_at', 'updated_at',
  'last_message_content', 'last_message_time', 'last_message_sender_id', 'status', 'posting',
] as const;
const MEMBERSHIP_IMMUTABLE = ['room_id', 'user_id', 'joined_at'] as const;

type Conflict = WireDoc<CollectionName>;

/**
 * Applies a push in one transaction. Every refused row stores nothing and comes back as a
 * conflict: the server's state when the caller may read it, else the pushed document marked
 * `_deleted: true`, so the client drops it instead of retrying forever (SPEC §4).
 */
export function push<C extends CollectionName>(ctx: Ctx, userId: string, collection: C, rows: PushRow<C>[]): Promise<Conflict[]> {
  return commit(ctx, async (rec) => {
    const conflicts: Conflict[] = [];
    const now = nowIso();
    const refuse = async (doc: WireDoc<CollectionName>) => {
      // The rule itself decides, not the feed: rows for this transaction's changes are only
      // written when it ends.
      const server = (await ctx.authz.canRead(userId, collection, doc.id)) ? await loadState(ctx.store, userId, collection, doc.id) : undefined;
      conflicts.push(server ? { ...server.doc, _deleted: server.gone } : { ...doc, _deleted: true });
    };
    if (collection === 'messages') {
      // Messages come in batches of hundreds: they are applied as one (push-messages.ts).
      for (const doc of await pushMessages(ctx, rec, userId, rows as PushRow<'messages'>[], now)) await refuse(doc);
      return conflicts;
    }
    for (const row of rows) {
      const ok = await applyRow(ctx, rec, userId, collection, row as PushRow, now);
      if (!ok) await refuse(row.newDocumentState);
    }
    return conflicts;
  });
}

/** True when the row was applied or is a harmless replay; false means "answer with a conflict". */
async function applyRow(ctx: Ctx, rec: ChangeRecorder, userId: string, collection: CollectionName, row: PushRow, now: string): Promise<boolean> {
  switch (collection) {
    case 'rooms':
      return pushRoom(ctx, rec, userId, row as PushRow<'rooms'>, now);
    case 'memberships':
      return pushMembership(ctx, rec, userId, row as PushRow<'memberships'>, now);
    case 'reactions':
      return pushReaction(ctx, rec, userId, row as PushRow<'reactions'>, now);
    default:
      return false;
  }
}

/**
 * The caller's own reaction (`<message_id>|<caller>`) to a message of a room they are in. A
 * deleted document removes it; otherwise the emoji is set (last write wins: only its owner writes it).
 */
async function pushReaction(ctx: Ctx, rec: ChangeRecorder, userId: string, row: PushRow<'reactions'>, now: string): Promise<boolean> {
  const doc = row.newDocumentState;
  if (doc.user_id !== userId || doc.id !== reactionId(doc.message_id, userId)) return false;
  const message = await ctx.store.messages.byId(doc.message_id);
  if (!message || message.room_id !== doc.room_id || !(await ctx.authz.isMember(userId, message.room_id))) return false;
  if (!doc._deleted && (message.deleted || emojiProblem(doc.emoji))) return false;
  await applyReaction(ctx, rec, userId, message, doc._deleted ? null : doc.emoji, now);
  return true;
}

async function pushRoom(ctx: Ctx, rec: ChangeRecorder, userId: string, row: PushRow<'rooms'>, now: string): Promise<boolean> {
  const doc = row.newDocumentState;
  const existing = await ctx.store.rooms.byId(doc.id);
  if (existing) return (await ctx.authz.isMember(userId, existing.id)) && sameFields<RoomDoc>(doc, existing, ROOM_FIELDS) && !doc._deleted;
  if (doc.room_type === 'group') return pushGroup(ctx, rec, userId, doc, now);
  const pair = await ctx.authz.dmPairFor(userId, doc.id);
  if (!pair || doc._deleted || doc.room_type !== 'direct') return false;
  if (JSON.stringify([...doc.participant_ids].sort()) !== JSON.stringify(pair)) return false;
  await ensureDm(ctx, rec, pair, userId, now);
  return true;
}

/**
 * A group made by its owner (offline, then pushed): `group:<uuid>`, created by the caller, who is
 * among its participants, with the same rules as REST (SPEC §10). Nothing else about a room is
 * writable by push.
 */
async function pushGroup(ctx: Ctx, rec: ChangeRecorder, userId: string, doc: WireDoc<'rooms'>, now: string): Promise<boolean> {
  if (doc._deleted || !isGroupRoomId(doc.id) || doc.created_by !== userId || !doc.participant_ids.includes(userId)) return false;
  if (doc.status !== null || doc.posting !== 'all' || doc.job_id !== null || displayTextProblem(doc.name, 200)) return false;
  try {
    const body = { room_type: 'group' as const, name: normalizeDisplayText(doc.name), participant_ids: doc.participant_ids };
    await insertManagedRoom(ctx, rec, userId, await planManagedRoom(ctx, userId, body), doc.id, now);
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}

/**
 * The caller's own membership. Fields the client changed (against its assumed master state) are
 * merged onto the server's state, so concurrent changes of different fields both survive.
 */
async function pushMembership(ctx: Ctx, rec: ChangeRecorder, userId: string, row: PushRow<'memberships'>, now: string): Promise<boolean> {
  const doc = row.newDocumentState;
  const stored = await ctx.store.memberships.byIdForUpdate(doc.id);
  if (!stored || stored.user_id !== userId || stored.active !== 1) return false;
  const server = membershipDoc(stored);
  if (!sameFields<MembershipDoc>(doc, server, MEMBERSHIP_IMMUTABLE)) return false;
  if (doc._deleted) {
    // Leaving: one's own membership of a group or announcement room, pushed as deleted.
    const room = await ctx.store.rooms.byId(stored.room_id);
    if (!room || !isManagedRoom(room)) return false;
    await leaveInside(ctx, rec, userId, room.id, now);
    return true;
  }
  const base = row.assumedMasterState ?? server;
  // The role is the owners' to give (REST); a push may not change it.
  if (doc.role !== base.role) return false;
  const changed = (f: 'last_read_at' | 'archived' | 'muted') => doc[f] !== base[f];
  await updateOwnMembership(
    ctx,
    rec,
    stored,
    {
      last_read_at: changed('last_read_at') ? doc.last_read_at : undefined,
      archived: changed('archived') ? Number(doc.archived) : undefined,
      muted: changed('muted') ? Number(doc.muted) : undefined,
    },
    now,
  );
  return true;
}
