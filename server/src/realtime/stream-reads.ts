import type { FeedPosition, FeedRow } from '../db/feed';
import type { Store } from '../db/store';
import { loadState, wireDoc } from '../domain/documents';
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
}

/**
 * The stream's reads over the store: the same feed rows and the same `wireDoc` choice as the pull
 * (domain/sync.ts), batched across streams. Only a user's own record differs by viewer (it alone
 * carries the email), so it is cached apart from everyone else's view of it.
 */
export function createStreamReads(store: Store): StreamReads {
  return {
    feedAfter: (positions, limit) => store.feed.after(positions, limit),
    async wireJson(rows) {
      const states = new Map<string, Promise<Awaited<ReturnType<typeof loadState>>>>();
      const json = new Map<string, string | undefined>();
      const out: Array<string | undefined> = [];
      for (const { viewerId, collection, row } of rows) {
        const self = collection === 'users' && row.doc_id === viewerId;
        const stateKey = `${collection}\u0000${row.doc_id}\u0000${self ? 'self' : ''}`;
        let state = states.get(stateKey);
        if (!state) states.set(stateKey, (state = loadState(store, viewerId, collection, row.doc_id)));
        const jsonKey = `${stateKey}\u0000${row.revoked}`;
        if (!json.has(jsonKey)) {
          const loaded = await state;
          json.set(jsonKey, loaded && JSON.stringify(wireDoc(collection, loaded, row)));
        }
        out.push(json.get(jsonKey));
      }
      return out;
    },
  };
}
