/**
 * Which databases a first sync is writing into right now. Kept apart from first-sync.ts (which
 * imports RxDB) so that what waits for it, the search index's start-up, loads nothing for it.
 */
const running = new WeakMap<object, Promise<void>>();

/** Marks a first sync into `db` as running; the returned function ends it (call it once, always). */
export function markFirstSync(db: object): () => void {
  let end = () => undefined as void;
  const done = new Promise<void>((resolve) => (end = resolve));
  running.set(db, done);
  return () => {
    if (running.get(db) === done) running.delete(db);
    end();
  };
}

/** Settles once no first sync writes into `db` (at once when none does). */
export function firstSyncDone(db: object): Promise<void> {
  return running.get(db) ?? Promise.resolve();
}
