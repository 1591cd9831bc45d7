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

/** A document's current state as JSON text (`JSON.stringify` of `DocState.doc`), and whether it is gone. */
export interface JsonState {
  json: string;
  gone: boolean;
}

/**
 * `JSON.stringify(wireDoc(…))` from a state already in JSON, byte for byte: a live document is its
 * text with `_deleted` added, the way `JSON.stringify` writes the spread in `wireDoc`; anything
 * else goes through `wireDoc` itself, so the choice stays there. A document's text is a non-empty
 * object (every document has an id).
 */
export function wireJson(collection: CollectionName, state: JsonState, entry: Pick<FeedRow, 'revoked'> | undefined): string {
  if (entry && entry.revoked === 0) return `${state.json.slice(0, -1)},"_deleted":${state.gone}}`;
  return JSON.stringify(wireDoc(collection, { doc: JSON.parse(state.json) as DocTypes[CollectionName], gone: state.gone }, entry));
}

/**
 * `loadStates` as JSON text: messages, the collection a pull brings by the thousand, come as text
 * built by the database (`messages.jsonByIds`); the rest are encoded here.
 */
export async function loadJsonStates(store: Store, viewerId: string, collection: CollectionName, ids: string[]): Promise<Map<string, JsonState>> {
  const out = new Map<string, JsonState>();
  if (ids.length === 0) return out;
  if (collection === 'messages') {
    for (const { id, json } of await store.messages.jsonByIds(ids)) out.set(id, { json, gone: false });
    return out;
  }
  for (const [id, { doc, gone }] of await loadStates(store, viewerId, collection, ids)) out.set(id, { json: JSON.stringify(doc), gone });
  return out;
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
