import type { CleanchatDatabase } from './database';

/**
 * The newest page of a room straight from the [room_id, server_seq] index, read backwards.
 *
 * RxDB's IndexedDB storage only walks an index forwards, so newest.ts found where a room's
 * newest `n` begin by counting ranges (a few dozen counts, each visiting every entry of its
 * range: most of a 50,000-message room, many times). IndexedDB itself walks an index either
 * way: a key cursor from the room's end, `n + 1` keys, answers the same question. RxDB 17's
 * Dexie storage keeps each collection in one Dexie table with an index per schema index, named
 * `[_deleted+room_id+server_seq+id]` (RxDB prepends `_deleted`, stored as '0'/'1', and appends
 * the primary key; rxdb/plugins/storage-dexie, dexie-helper.js). The table is found through the
 * storage instance's `internals` once per collection; anything else there (the memory storage
 * of the tests, a later RxDB that stores otherwise) answers null and the caller counts instead.
 */

const INDEX = '[_deleted+room_id+server_seq+id]';
/** `_deleted: false` as the Dexie storage writes it into its indexes. */
const NOT_DELETED = '0';

interface Range {
  reverse(): { limit(n: number): { keys(): Promise<unknown[]> } };
  limit(n: number): { keys(): Promise<unknown[]>; toArray(): Promise<unknown[]> };
}
interface KeyWalk {
  between(lower: unknown, upper: unknown, includeLower: boolean, includeUpper: boolean): Range;
}
export interface DexieTableLike {
  schema?: { idxByName?: Record<string, unknown> };
  where(index: string): KeyWalk;
}

/** Index entries read by the walks, and documents read by them (db/unread-walk.ts): tests count them. */
export const indexStats = { keysRead: 0, docsRead: 0 };

/** The index the walks use, and how the Dexie storage writes `_deleted: false` into it. */
export const ROOM_INDEX = { name: INDEX, notDeleted: NOT_DELETED } as const;

const tables = new WeakMap<object, Promise<DexieTableLike | null>>();

/** The collection's Dexie table when it is what this module expects, else null (checked once). */
export function messageTable(db: CleanchatDatabase): Promise<DexieTableLike | null> {
  const instance = db.messages.storageInstance as unknown as { internals?: unknown };
  let found = tables.get(instance);
  if (!found) {
    found = Promise.resolve(instance.internals)
      .then((internals) => {
        const state = internals as { dexieTable?: DexieTableLike; booleanIndexes?: string[] } | null | undefined;
        const table = state?.dexieTable;
        if (!table || typeof table.where !== 'function') return null;
        if (!table.schema?.idxByName?.[INDEX]) return null;
        if (!state.booleanIndexes?.includes('_deleted')) return null;
        return table;
      })
      .catch(() => null);
    tables.set(instance, found);
  }
  return found;
}

/**
 * The server_seq of the newest `n` acknowledged messages of the room at or above `first` and
 * below `below` (Infinity: the room's end), newest first, at most `n + 1` of them: the last
 * one says that older ones exist. Null when the index cannot be walked here.
 */
export async function newestSeqs(
  db: CleanchatDatabase,
  roomId: string,
  first: number,
  below: number,
  n: number,
): Promise<number[] | null> {
  const table = await messageTable(db);
  if (!table) return null;
  try {
    const keys = await table
      .where(INDEX)
      .between([NOT_DELETED, roomId, first], [NOT_DELETED, roomId, below], true, false)
      .reverse()
      .limit(n + 1)
      .keys();
    indexStats.keysRead += keys.length;
    const seqs: number[] = [];
    for (const key of keys) {
      const seq = Array.isArray(key) ? (key[2] as unknown) : undefined;
      if (typeof seq !== 'number') return null;
      seqs.push(seq);
    }
    return seqs;
  } catch {
    return null;
  }
}
