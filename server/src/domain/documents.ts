import type { FeedRow } from '../db/feed';
import type { Store } from '../db/store';
import { membershipDoc } from '../db/memberships';
import { userDoc } from '../db/users';
import type { CollectionName, WireDoc } from '../shared';

/**
 * Wire documents as one user may see them, built the same way for pull and stream. A document
 * the user has lost access to is sent whole, in its last state, with `_deleted: true`.
 */
export function loadWireDocs(
  store: Store,
  viewerId: string,
  collection: CollectionName,
  docIds: string[],
  /** Feed rows already read (the pull has them); otherwise each document's row is looked up. */
  known?: ReadonlyMap<string, FeedRow>,
): WireDoc<CollectionName>[] {
  const out: WireDoc<CollectionName>[] = [];
  for (const docId of docIds) {
    const entry = known?.get(docId) ?? store.feed.entry(viewerId, collection, docId);
    const revoked = !entry || entry.revoked === 1;
    const doc = loadOne(store, viewerId, collection, docId);
    if (doc) out.push({ ...doc, _deleted: revoked || doc._deleted } as WireDoc<CollectionName>);
  }
  return out;
}

function loadOne(store: Store, viewerId: string, collection: CollectionName, id: string) {
  switch (collection) {
    case 'users': {
      const row = store.users.byId(id);
      return row && { ...userDoc(row, viewerId), _deleted: false };
    }
    case 'jobs': {
      const job = store.jobs.byId(id);
      return job && { ...job, _deleted: false };
    }
    case 'rooms': {
      const room = store.rooms.byId(id);
      return room && { ...room, _deleted: false };
    }
    case 'memberships': {
      const row = store.memberships.byId(id);
      return row && { ...membershipDoc(row), _deleted: row.active !== 1 };
    }
    case 'messages': {
      const msg = store.messages.byId(id);
      return msg && { ...msg, _deleted: false };
    }
  }
}
