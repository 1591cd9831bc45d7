import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../src/db/store';
import { FEED_WATCH_CHECK } from '../src/db/pg-migrations';
import { freshDatabase, TEST_BACKEND, type TestDatabase } from './helpers';

/**
 * `feed_write`'s check (PostgreSQL migration 14, docs/server.md "The checkpoint hazard") reads the
 * watched documents' feed rows, not the whole feed: counted in the rows its plan reads
 * (EXPLAIN ANALYZE), not timed. Migration 13's join was a sequential scan of every feed row.
 */
const describePg = TEST_BACKEND === 'postgres' ? describe : describe.skip;

let db: TestDatabase;
let store: Store;
beforeAll(async () => {
  if (TEST_BACKEND !== 'postgres') return;
  db = await freshDatabase();
  store = await createStore({ dataDir: db.dataDir, databaseUrl: db.databaseUrl });
});
afterAll(async () => {
  await store?.close();
  await db?.drop();
});

interface PlanNode {
  'Relation Name'?: string;
  'Node Type': string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** The feed rows a plan read: what its scans of `feed` returned or filtered out, over all loops. */
function feedRowsRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'feed'
      ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops']
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + feedRowsRead(child), 0);
}

describePg("feed_write's check of the watched documents", () => {
  it('reads their feed rows alone, not the other 20,000 (migration 13: every row)', async () => {
    // 100 users × 200 documents, and one watched message held by 30 of them.
    await store.sql.run(`INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
      SELECT 'u' || u, 'messages', 'm' || d, u * 1000 + d, 0 FROM generate_series(1, 100) u, generate_series(1, 200) d`);
    await store.sql.run('ANALYZE feed');
    const watch = JSON.stringify([
      { c: 'messages', d: 'm7' },
      { c: 'rooms', d: 'r1' },
    ]);
    const text = FEED_WATCH_CHECK.replace('$1', `CAST('${watch}' AS json)`).replace('$2', '999999');
    const [row] = await store.sql.all<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
    );
    const plan = (row?.['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]?.Plan as PlanNode;

    expect(feedRowsRead(plan)).toBeLessThanOrEqual(100); // m7's 100 rows
    // And it is the check the installed function runs.
    const fn = await store.sql.get<{ src: string }>(
      "SELECT prosrc AS src FROM pg_proc WHERE proname = 'feed_write' ORDER BY oid DESC LIMIT 1",
    );
    expect(fn?.src.replace(/\s+/g, ' ')).toContain(
      FEED_WATCH_CHECK.replace('$1', 'p_watch').replace('$2', 'p_since').replace(/\s+/g, ' '),
    );
  });
});
