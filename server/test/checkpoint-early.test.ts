import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../src/db/store';
import { emptyRoom, membershipId, nowIso, type MessageDoc } from '../src/shared';
import { freshDatabase, messageDoc, TEST_BACKEND, type TestDatabase } from './helpers';

/**
 * The recorder derives a write's feed rows before it takes the counter lock, and under the lock
 * checks that no commit since touched what they were derived from (docs/server.md, "The
 * checkpoint hazard"). Here such a commit is made to land exactly in that window: a blocker holds
 * the counter lock, a membership change queues behind it, then the write under test derives its
 * rows and queues too; the blocker lets go, the membership change commits first. The write must
 * notice and derive its rows again. PostgreSQL only: SQLite's one writer has no such window.
 */
const APP = `checkpoint-early-${process.pid}`;
let db: TestDatabase;
let store: Store;
let watcher: pg.Client;

const describePg = TEST_BACKEND === 'postgres' ? describe : describe.skip;

beforeAll(async () => {
  if (TEST_BACKEND !== 'postgres') return;
  db = await freshDatabase();
  const url = new URL(db.databaseUrl as string);
  url.searchParams.set('application_name', APP);
  store = await createStore({ dataDir: db.dataDir, databaseUrl: url.toString() });
  watcher = new pg.Client({ connectionString: db.databaseUrl });
  await watcher.connect();
  for (const id of ['x', 'y', 'z']) {
    const now = nowIso();
    await store.users.insert({
      id, username: id, email: `${id}@test.example`, password_hash: 'x', first_name: id, last_name: 'Test',
      role: 'client', avatar_url: null, created_at: now, updated_at: now,
    });
  }
});
afterAll(async () => {
  if (TEST_BACKEND !== 'postgres') return;
  await watcher.end();
  await store.close();
  await db.drop();
});

/** A group of x and y with two messages, everything in both feeds (as the recorder writes it). */
async function group(id: string): Promise<MessageDoc[]> {
  const now = nowIso();
  const messages = [messageDoc('x', id), messageDoc('y', id)].map(({ _deleted, ...m }) => ({ ...m, received_at: now }));
  await store.write(async (rec) => {
    await store.rooms.insert(emptyRoom({ id, room_type: 'group', participant_ids: ['x', 'y'], created_by: 'x', now, name: id, status: null }));
    for (const user of ['x', 'y']) await store.memberships.join(membershipId(id, user), id, user, now);
    for (const m of messages) await store.messages.insert((m.server_seq = await store.nextServerSeq(), m));
    rec.roomAudienceChanged(id);
  });
  return messages;
}

/** Waits until `n` of the store's transactions wait on a lock (the counter's, in these tests). */
async function waiting(n: number) {
  for (;;) {
    const { rows } = await watcher.query<{ n: number }>(
      "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
      [APP],
    );
    if ((rows[0]?.n ?? 0) >= n) return;
    await new Promise((ok) => setImmediate(ok));
  }
}

/** Runs `first` and then `second` so that `first` commits after `second` read its state and before `second` writes its feed rows. */
async function inTheWindow(first: () => Promise<unknown>, second: () => Promise<unknown>) {
  const blocker = new pg.Client({ connectionString: db.databaseUrl });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query('SELECT seq FROM feed_counter FOR UPDATE');
    const a = first();
    await waiting(1);
    const b = second();
    await waiting(2);
    await blocker.query('ROLLBACK');
    await Promise.all([a, b]);
  } finally {
    await blocker.end();
  }
}

describePg('feed rows derived before the counter lock', () => {
  it('an edit that read its audience before a removal committed does not give the removed member the message again', async () => {
    const [first] = await group('group:edit');
    const message = first as MessageDoc;
    await inTheWindow(
      () =>
        store.write(async (rec) => {
          const row = (await store.memberships.byIdForUpdate(membershipId('group:edit', 'x')))!;
          await store.memberships.update({ ...row, active: 0, updated_at: nowIso() });
          rec.roomAudienceChanged('group:edit');
        }),
      () =>
        store.write(async (rec) => {
          await store.messages.update({ ...message, content: 'edited', edited_at: nowIso() });
          rec.changed('messages', message.id);
        }),
    );
    expect((await store.feed.entry('x', 'messages', message.id))?.revoked).toBe(1);
    expect((await store.feed.entry('y', 'messages', message.id))?.revoked).toBe(0);
  });

  it('a message written while someone joined, read as the room was before, still reaches the newcomer', async () => {
    await group('group:join');
    const { _deleted, ...message } = messageDoc('y', 'group:join', { received_at: nowIso() });
    await inTheWindow(
      () =>
        store.write(async (rec) => {
          await store.memberships.join(membershipId('group:join', 'z'), 'group:join', 'z', nowIso());
          rec.roomAudienceChanged('group:join');
        }),
      () =>
        store.write(async (rec) => {
          await store.messages.insert({ ...message, server_seq: await store.nextServerSeq() });
          // Only the message: its room is watched because its audience was read from the room's members.
          rec.changed('messages', message.id);
        }),
    );
    expect((await store.feed.entry('z', 'messages', message.id))?.revoked).toBe(0);
  });
});
