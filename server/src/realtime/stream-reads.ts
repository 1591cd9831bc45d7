import type { FeedPosition, FeedRow } from '../db/feed';
import type { Store } from '../db/store';
import { loadStates, wireDoc, type DocState } from '../domain/documents';
import type { CollectionName } from '../shared';

/** One feed row to send, and whose stream it goes to (the viewer decides live or tombstone). */
export interface RowFor {
  viewerId: string;
  collection: CollectionName;
  row: FeedRow;
}

/** What the hub reads to deliver a commit; a constant number of reads however many streams are open. */
export interface StreamReads {
  /** Each position's feed after it, at most `limit` rows each, in one read; `k` indexes `positions`. */
  feedAfter(positions: ReadonlyArray<FeedPosition>, limit: number): Promise<Array<FeedRow & { k: number }>>;
  /**
   * The wire JSON of each row's document as its viewer may see it (undefined: the document no
   * longer exists). Each distinct document is loaded and serialised once for all its viewers.
   */
  wireJson(rows: ReadonlyArray<RowFor>): Promise<Array<string | undefined>>;
  /**
   * The newest committed feed position (never lower than it). Read after `wireJson`: when it is
   * still a batch's last position, no commit since changed the documents `wireJson` loaded.
   */
  position(): Promise<number>;
}

/**
 * The stream's reads over the store: the same feed rows and the same `wireDoc` choice as the pull
 * (domain/sync.ts), batched across streams. Only a user's own record differs by viewer (it alone
 * carries the email), so it is cached apart from everyone else's view of it.
 */
export function createStreamReads(store: Store): StreamReads {
  return {
    feedAfter: (positions, limit) => store.feed.after(positions, limit),
    position: () => store.feed.position(),
    async wireJson(rows) {
      // One statement per collection for everyone's view, and one per user reading their own record.
      const stateKey = (viewerId: string, collection: CollectionName, docId: string) =>
        collection === 'users' && docId === viewerId ? `self\u0000${docId}` : `${collection}\u0000${docId}`;
      const wanted = new Map<CollectionName, Set<string>>();
      const selves = new Set<string>();
      for (const { viewerId, collection, row } of rows) {
        if (collection === 'users' && row.doc_id === viewerId) selves.add(viewerId);
        else wanted.set(collection, (wanted.get(collection) ?? new Set()).add(row.doc_id));
      }
      const states = new Map<string, DocState>();
      for (const [collection, ids] of wanted) {
        // No viewer: nobody's own record is among these, so none carries an email.
        for (const [id, state] of await loadStates(store, '', collection, [...ids])) states.set(`${collection}\u0000${id}`, state);
      }
      for (const self of selves) {
        const state = (await loadStates(store, self, 'users', [self])).get(self);
        if (state) states.set(`self\u0000${self}`, state);
      }
      const json = new Map<string, string | undefined>();
      return rows.map(({ viewerId, collection, row }) => {
        const key = stateKey(viewerId, collection, row.doc_id);
        const jsonKey = `${key}\u0000${row.revoked}`;
        if (!json.has(jsonKey)) {
          const state = states.get(key);
          json.set(jsonKey, state && JSON.stringify(wireDoc(collection, state, row)));
        }
        return json.get(jsonKey);
      });
    },
  };
}
