import { fillWithDefaultSettings, normalizeMangoQuery, prepareQuery, type MangoQuery } from 'rxdb';
import { describe, expect, it } from 'vitest';
import { PENDING_SERVER_SEQ } from '../../shared/schemas';
import { localMessageSchema, type LocalMessageDoc } from './message-codec';
import { unreadSelector } from './unread';

const ROOM = 'dm:alice:bob';
const schema = fillWithDefaultSettings(localMessageSchema);
const pending = { room_id: ROOM, server_seq: PENDING_SERVER_SEQ };

/**
 * Every query the app runs on messages, as its module writes it. Looking a message up by id
 * (`findOne(id)`, `findByIds`, `id: {$in}`) reads by primary key and needs no index.
 */
const APP_QUERIES: Record<string, MangoQuery<LocalMessageDoc>> = {
  'newest.ts: count of a range': { selector: { room_id: ROOM, server_seq: { $gte: 10, $lt: 20 } } },
  'newest.ts: the newest n, read forwards': { selector: { room_id: ROOM, server_seq: { $gte: 10 } }, sort: [{ server_seq: 'asc' }] },
  'messages.ts: my pending messages': { selector: pending, sort: [{ created_at: 'asc' }] },
  'messages.ts: an anchored window': { selector: { room_id: ROOM, server_seq: { $gte: 10 } }, sort: [{ server_seq: 'asc' }], limit: 51 },
  'messages.ts: the first unread': { selector: unreadSelector(ROOM, 'alice', '2025-01-01T00:00:00.000Z'), sort: [{ server_seq: 'asc' }], limit: 1 },
  'messages.ts: the first unread, never read': { selector: unreadSelector(ROOM, 'alice', null), sort: [{ server_seq: 'asc' }], limit: 1 },
  'hooks-messages.ts: newer than a reply target': { selector: { room_id: ROOM, server_seq: { $gte: 10 } } },
  'unread.ts: unread ids and count': { selector: unreadSelector(ROOM, 'alice', '2025-01-01T00:00:00.000Z') },
  'unread.ts: my newest pending message': { selector: pending, sort: [{ created_at: 'desc' }], limit: 1 },
};

/** The plan RxDB's query makes (RxQuery adds `_deleted: false` to every selector, rx-query.js). */
function planOf(query: MangoQuery<LocalMessageDoc>) {
  const normalized = normalizeMangoQuery(schema, query);
  normalized.selector = { ...normalized.selector, _deleted: { $eq: false } } as typeof normalized.selector;
  return prepareQuery(schema, normalized).queryPlan;
}

describe('message indexes (schema v5)', () => {
  it.each(Object.entries(APP_QUERIES))('%s reads one room: a range of an index, never the whole store', (_, query) => {
    const plan = planOf(query);
    const room = plan.index.indexOf('room_id');
    expect(room).toBeGreaterThan(-1);
    expect([plan.startKeys[room], plan.endKeys[room]]).toEqual([ROOM, ROOM]);
  });

  it('keeps only indexes that some query of the app uses: each costs an IndexedDB entry per message', () => {
    const used = new Set(Object.values(APP_QUERIES).map((query) => planOf(query).index.join('+')));
    // RxDB's own: the replication's and the cleanup's changes since a checkpoint.
    const ours = (schema.indexes ?? []).map((index) => [index].flat().join('+')).filter((index) => !index.startsWith('_meta.lwt'));
    expect(ours.filter((index) => !used.has(index))).toEqual([]);
    expect(ours).toEqual(['_deleted+room_id+server_seq+id']);
  });
});
