import type { FeedRow } from '../db/feed';
import type { Store } from '../db/store';
import { membershipDoc } from '../db/memberships';
import { userDoc } from '../db/users';
import type { CollectionName, DocTypes, WireDoc } from '../shared';
import { tombstone } from './tombstones';

/** A document's current state, and whether it is gone in that state. */
export interface DocState {
  doc: DocTypes[CollectionName];
  gone: boolean;
}

/**
 * Wire documents as one user may see them, built the same way for pull and stream, in the order of
 * `rows` (the user's feed rows for them). The feed row decides: live, the document's current
 * state; revoked, its tombstone, which carries nothing written after access ended (see
 * tombstones.ts). One statement for the whole page, whatever its size (docs/server.md, "Reads at
 * scale").
 */
export async function loadWireDocs(
  store: Store,
  viewerId: string,
  collection: CollectionName,
  rows: readonly FeedRow[],
): Promise<WireDoc<CollectionName>[]> {
  const states = await loadStates(store, viewerId, collection, rows.map((r) => r.doc_id));
  return rows.flatMap((row) => {
    const state = states.get(row.doc_id);
    if (!state) return [];
    return [row.revoked === 1 ? tombstone(collection, state.doc) : { ...state.doc, _deleted: state.gone }];
  });
}

/**
 * A document's current state and whether it is gone in that state (only a removed reaction is:
 * its row stays so the removal travels as a deleted document, SPEC §2).
 */
export async function loadState(store: Store, viewerId: string, collection: CollectionName, id: string): Promise<DocState | undefined> {
  return (await loadStates(store, viewerId, collection, [id])).get(id);
}

/**
 * The current states of many documents of one collection, by id, in one statement, as
 * `viewerId` sees them (only their own user record has an email). Missing ids are absent.
 */
export async function loadStates(store: Store, viewerId: string, collection: CollectionName, ids: string[]): Promise<Map<string, DocState>> {
  const out = new Map<string, DocState>();
  if (ids.length === 0) return out;
  const put = (doc: DocTypes[CollectionName], gone = false) => out.set(doc.id, { doc, gone });
  switch (collection) {
    case 'users':
      for (const row of await store.users.byIds(ids)) put(userDoc(row, viewerId));
      break;
    case 'jobs':
      for (const job of await store.jobs.byIds(ids)) put(job);
      break;
    case 'rooms':
      for (const room of await store.rooms.byIds(ids)) put(room);
      break;
    case 'memberships':
      for (const row of await store.memberships.byIds(ids)) put(membershipDoc(row));
      break;
    case 'messages':
      for (const message of await store.messages.byIds(ids)) put(message);
      break;
    case 'reactions':
      for (const { removed, ...doc } of await store.reactions.byIds(ids)) put(doc, removed === 1);
      break;
  }
  return out;
}
