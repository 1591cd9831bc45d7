import type { FeedRow } from '../db/feed';
import type { Store } from '../db/store';
import { membershipDoc } from '../db/memberships';
import { userDoc } from '../db/users';
import type { CollectionName, DocTypes, WireDoc } from '../shared';
import { tombstone } from './tombstones';

/**
 * Wire documents as one user may see them, built the same way for pull and stream. The user's
 * feed row decides: live, the document's current state; revoked (or absent), its tombstone,
 * which carries nothing written after access ended (see tombstones.ts).
 */
export async function loadWireDocs(
  store: Store,
  viewerId: string,
  collection: CollectionName,
  docIds: string[],
  /** Feed rows already read (the pull has them); otherwise each document's row is looked up. */
  known?: ReadonlyMap<string, FeedRow>,
): Promise<WireDoc<CollectionName>[]> {
  const out: WireDoc<CollectionName>[] = [];
  for (const docId of docIds) {
    const entry = known?.get(docId) ?? (await store.feed.entry(viewerId, collection, docId));
    const state = await loadState(store, viewerId, collection, docId);
    if (state) out.push(wireDoc(collection, state, entry));
  }
  return out;
}

/**
 * THE choice between a document and its tombstone, for pull and stream alike: the viewer's feed
 * row decides (live: the current state; revoked or absent: the tombstone).
 */
export function wireDoc(
  collection: CollectionName,
  state: { doc: DocTypes[CollectionName]; gone: boolean },
  entry: Pick<FeedRow, 'revoked'> | undefined,
): WireDoc<CollectionName> {
  return !entry || entry.revoked === 1 ? tombstone(collection, state.doc) : { ...state.doc, _deleted: state.gone };
}

/**
 * A document's current state and whether it is gone in that state (only a removed reaction is:
 * its row stays so the removal travels as a deleted document, SPEC §2).
 */
export async function loadState(
  store: Store,
  viewerId: string,
  collection: CollectionName,
  id: string,
): Promise<{ doc: DocTypes[CollectionName]; gone: boolean } | undefined> {
  if (collection === 'reactions') {
    const row = await store.reactions.byId(id);
    if (!row) return undefined;
    const { removed, ...doc } = row;
    return { doc, gone: removed === 1 };
  }
  const doc = await loadDoc(store, viewerId, collection, id);
  return doc && { doc, gone: false };
}

/** A document's current state as `viewerId` sees it (only their own user record has an email). */
export async function loadDoc(
  store: Store,
  viewerId: string,
  collection: CollectionName,
  id: string,
): Promise<DocTypes[CollectionName] | undefined> {
  switch (collection) {
    case 'users': {
      const row = await store.users.byId(id);
      return row && userDoc(row, viewerId);
    }
    case 'jobs':
      return store.jobs.byId(id);
    case 'rooms':
      return store.rooms.byId(id);
    case 'memberships': {
      const row = await store.memberships.byId(id);
      return row && membershipDoc(row);
    }
    case 'messages':
      return store.messages.byId(id);
    case 'reactions':
      return (await loadState(store, viewerId, collection, id))?.doc;
  }
}
