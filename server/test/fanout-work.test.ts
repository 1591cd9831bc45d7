import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app';
import type { Sql } from '../src/db/sql';
import type { RoomDoc } from '../src/shared';
import { say } from './fixtures';
import { freshDatabase, register, TEST_JWT_SECRET, type TestDatabase } from './helpers';

/**
 * The work one group message costs on the server once its members' streams are open (issue 11,
 * docs/server.md "Delivered from the batch"), counted in statements at the driver, not timed: the
 * hub reads no feed for a commit that follows on from the last one, and the recorder reads the
 * room's members once for all the documents whose audience they are.
 */

let db: TestDatabase;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  db = await freshDatabase();
  server = await startServer({
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'silent',
    authRateLimit: { windowMs: 60_000, max: 100_000 },
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
  });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

/**
 * Counts, from now on, the hub's feed reads (`feed.after`), the reads of rooms' active members
 * (`activeInRooms`) and the recorder's reads of documents' live holders (`feed.liveHoldersOfAll`).
 */
function countStatements(sql: Sql) {
  const counts = { hubFeedReads: 0, memberReads: 0, holdersReads: 0 };
  const methods = ['all', 'get', 'run'] as const;
  const originals = methods.map((m) => sql[m]);
  for (const [i, m] of methods.entries()) {
    const original = originals[i] as (text: string, params?: unknown) => Promise<never>;
    (sql as unknown as Record<string, unknown>)[m] = (text: string, params?: unknown) => {
      if (text.includes('PARTITION BY w.k')) counts.hubFeedReads += 1;
      if (text.includes(' AS position, ')) counts.holdersReads += 1;
      if (text.startsWith('SELECT * FROM memberships WHERE room_id') && text.endsWith('AND active = 1'))
        counts.memberReads += 1;
      return original.call(sql, text, params);
    };
  }
  return {
    counts,
    stop: () => methods.forEach((m, i) => ((sql as unknown as Record<string, unknown>)[m] = originals[i])),
  };
}

describe('one group message to its members’ open streams', () => {
  it('reads no feed for the streams, the room’s members once and the live holders once in its write (main: one feed read, four member reads; three holders reads)', async () => {
    const [owner, ...members] = await Promise.all(Array.from({ length: 6 }, () => register(server)));
    const created = await owner!.post<RoomDoc>('/api/chat/rooms/', {
      room_type: 'group',
      name: 'Follow on',
      participant_ids: members.map((m) => m.id),
    });
    expect(created.status).toBe(201);
    const streams = await Promise.all(members.map((m) => m.stream()));
    const send = async () => {
      const counter = countStatements(server.ctx.store.sql);
      try {
        const msg = await say(owner!, created.body.id, 'to everyone');
        for (const s of streams) await s.nextChange('messages', (m) => m.id === msg.id);
        await server.hub.idle();
        return { ...counter.counts };
      } finally {
        counter.stop();
      }
    };
    // The first messages set the hub's mark and bring each stream onto it.
    await send();
    await send();
    const steady = [await send(), await send()];

    // One member read is the send's own check that the sender is in the room (authz.requireRoom),
    // one the recorder's for the message, the room's preview and the sender's read marker together.
    // The holders of those three documents are one read too (main: one per collection).
    expect(steady).toEqual([
      { hubFeedReads: 0, memberReads: 2, holdersReads: 1 },
      { hubFeedReads: 0, memberReads: 2, holdersReads: 1 },
    ]);
    for (const s of streams) s.close();
  });
});
