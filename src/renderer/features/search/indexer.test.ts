import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, removeDatabase, type CleanchatDatabase } from '../../db/database';
import { at, eventually, localMessage } from '../../test/fakes';
import { readSavedIndex, removeSavedIndex } from './indexStore';
import { startIndexer, type SearchIndexer } from './indexer';
import type { Scheduler } from './idle';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';
const JOB = 'job:j1';
/** No idle callbacks in happy-dom: run each slice on the next task, with room for a few documents. */
const slices: Scheduler = (work) => {
  setTimeout(() => {
    let n = 0;
    work(() => (n += 1) < 3);
  }, 0);
};

let counter = 0;
let db: CleanchatDatabase | null = null;
let indexer: SearchIndexer | null = null;
let userId = '';
let storeName = '';

async function open(): Promise<{ db: CleanchatDatabase; indexer: SearchIndexer }> {
  db = await openDatabase({ userId, multiInstance: false });
  indexer = startIndexer(db, { storeName, scheduler: slices, saveDelayMs: 60_000 });
  await indexer.ready;
  return { db, indexer };
}

async function restart(): Promise<void> {
  await indexer?.stop();
  await db?.close();
}

afterEach(async () => {
  await indexer?.stop({ save: false });
  if (db && !db.closed) await db.close();
  await removeDatabase(userId);
  await removeSavedIndex(storeName);
  db = null;
  indexer = null;
});

function begin(): void {
  counter += 1;
  userId = `search-user-${counter}`;
  storeName = `search-test-${counter}`;
}

const ids = (s: SearchIndexer, query: string, roomId?: string) => s.search(query, roomId).map((h) => h.id).sort();

describe('the search indexer (Dexie over IndexedDB, as in the app)', SLOW, () => {
  it('indexes inserts, edits, soft deletes and purges as they happen', async () => {
    begin();
    const { db, indexer } = await open();
    await db.messages.bulkInsert([
      localMessage(DM, 'bob', { id: 'a', content: 'The key is under the mat', created_at: at(1) }),
      localMessage(JOB, 'alice', { id: 'b', content: 'Keys for the café', created_at: at(2) }),
      localMessage(DM, 'alice', { id: 'c', content: 'Nothing to see', created_at: at(3), server_seq: 0 }),
    ]);
    await eventually(() => expect(ids(indexer, 'key')).toEqual(['a', 'b']));
    expect(ids(indexer, 'CAFE')).toEqual(['b']);
    expect(ids(indexer, 'key', DM)).toEqual(['a']);
    expect(ids(indexer, 'nothing see')).toEqual(['c']);
    expect(ids(indexer, 'nothing mat')).toEqual([]);

    const a = await db.messages.findOne('a').exec();
    await a?.incrementalPatch({ content: 'The code is 4512', edited_at: at(4) });
    await eventually(() => expect(ids(indexer, '4512')).toEqual(['a']));
    expect(ids(indexer, 'mat')).toEqual([]);

    const b = await db.messages.findOne('b').exec();
    await b?.incrementalPatch({ is_deleted: true, content: '' });
    await eventually(() => expect(ids(indexer, 'key')).toEqual([]));

    const c = await db.messages.findOne('c').exec();
    await c?.remove();
    await eventually(() => expect(ids(indexer, 'nothing')).toEqual([]));
  });

  it('survives a restart from its saved copy and catches up only on what changed meanwhile', async () => {
    begin();
    let { db, indexer } = await open();
    const history = Array.from({ length: 30 }, (_, i) =>
      localMessage(DM, 'bob', { id: `h${String(i).padStart(2, '0')}`, content: `history line ${i}`, created_at: at(i) }),
    );
    await db.messages.bulkInsert(history);
    await eventually(() => expect(indexer.search('history')).toHaveLength(30));
    await restart();
    expect((await readSavedIndex(storeName))?.checkpoint).toBeTruthy();

    // While the app is closed nothing follows the change events: write through the store alone.
    db = await openDatabase({ userId, multiInstance: false });
    await db.messages.insert(localMessage(JOB, 'alice', { id: 'new', content: 'Parking permit on the dashboard', created_at: at(40) }));
    await (await db.messages.findOne('h01').exec())?.incrementalPatch({ content: 'edited while closed' });
    await (await db.messages.findOne('h02').exec())?.incrementalPatch({ is_deleted: true, content: '' });
    await (await db.messages.findOne('h03').exec())?.remove();
    await db.close();

    ({ db, indexer } = await open());
    expect(indexer.stats.loadedFromDisk).toBe(true);
    // Only the four documents written since the saved position are read, not the 31 stored.
    expect(indexer.stats.caughtUp).toBe(4);
    expect(ids(indexer, 'parking')).toEqual(['new']);
    expect(ids(indexer, 'edited closed')).toEqual(['h01']);
    expect(indexer.search('history')).toHaveLength(27);
    expect(ids(indexer, 'line 12')).toEqual(['h12']);
    expect(ids(indexer, 'line 2')).toEqual([]); // h02 was deleted; one letter matches whole words only
  });

  it('is forgotten at sign-out: stopped without saving, and its saved copy removed', async () => {
    begin();
    const { db } = await open();
    await db.messages.insert(localMessage(DM, 'bob', { id: 'secret', content: 'Alarm code 1234', created_at: at(1) }));
    const { ensureSearchIndexer, forgetSearchIndex, searchStoreName } = await import('./runtime');
    const running = await ensureSearchIndexer(db, userId);
    await running.ready;
    await running.flush();
    expect(await readSavedIndex(searchStoreName(userId))).not.toBeNull();
    await forgetSearchIndex(userId);
    expect(await readSavedIndex(searchStoreName(userId))).toBeNull();
  });

  it('builds from nothing when no index was saved, and saves one', async () => {
    begin();
    db = await openDatabase({ userId, multiInstance: false });
    await db.messages.bulkInsert([localMessage(DM, 'bob', { id: 'x', content: 'Bring the ladder', created_at: at(1) })]);
    await db.close();
    const opened = await open();
    expect(opened.indexer.stats).toEqual({ loadedFromDisk: false, caughtUp: 1 });
    expect(ids(opened.indexer, 'ladder')).toEqual(['x']);
    await opened.indexer.flush();
    expect(await readSavedIndex(storeName)).not.toBeNull();
  });
});
