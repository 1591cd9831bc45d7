import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app';
import type { Sql } from '../src/db/sql';
import { createStreamReads } from '../src/realtime/stream-reads';
import { nowIso, type RoomDoc } from '../src/shared';
import type { SseReader } from '../../testkit/sse';
import { say } from './fixtures';
import { freshDatabase, register, TEST_JWT_SECRET, type Client, type TestDatabase } from './helpers';

/**
 * Fan-out cost (issue 11): delivering one commit reads the database a fixed number of times,
 * however many streams receive it. Counted in statements, not timed: the write path is the same
 * for both messages, so any difference is the hub reading per stream.
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

/** Counts the statements run on `sql` from now on (all of them, and those reading the feed). */
function countStatements(sql: Sql) {
  const counts = { all: 0, feedReads: 0 };
  const methods = ['all', 'get', 'run'] as const;
  const originals = methods.map((m) => sql[m]);
  for (const [i, m] of methods.entries()) {
    const original = originals[i] as (text: string, params?: unknown) => Promise<never>;
    (sql as unknown as Record<string, unknown>)[m] = (text: string, params?: unknown) => {
      counts.all += 1;
      if (m !== 'run' && /\bFROM feed\b|\bJOIN feed\b/.test(text)) counts.feedReads += 1;
      return original.call(sql, text, params);
    };
  }
  return {
    counts,
    stop: () => methods.forEach((m, i) => ((sql as unknown as Record<string, unknown>)[m] = originals[i])),
  };
}

async function sendAndCount(sender: Client, roomId: string, streams: SseReader[]) {
  const counter = countStatements(server.ctx.store.sql);
  try {
    const msg = await say(sender, roomId, 'to everyone');
    for (const s of streams) await s.nextChange('messages', (m) => m.id === msg.id);
    await server.hub.idle();
    return { ...counter.counts };
  } finally {
    counter.stop();
  }
}

describe('fan-out of one commit to many streams', () => {
  it('reads the feed and the documents the same number of times for 3 streams as for 11', async () => {
    const [owner, ...members] = await Promise.all(Array.from({ length: 12 }, () => register(server)));
    const created = await owner!.post<RoomDoc>('/api/chat/rooms/', {
      room_type: 'group',
      name: 'Fan-out',
      participant_ids: members.map((m) => m.id),
    });
    expect(created.status).toBe(201);
    const roomId = created.body.id;

    const streams = await Promise.all(members.slice(0, 3).map((m) => m.stream()));
    await sendAndCount(owner!, roomId, streams); // settles the streams' opening (presence) first
    const few = await sendAndCount(owner!, roomId, streams);

    streams.push(...(await Promise.all(members.slice(3).map((m) => m.stream()))));
    await sendAndCount(owner!, roomId, streams);
    const many = await sendAndCount(owner!, roomId, streams);

    expect(streams).toHaveLength(11);
    expect(many).toEqual(few);
    for (const s of streams) s.close();
  });
});

describe('documents built once for many streams', () => {
  it('still show each viewer their own view: the email only in their own record, a tombstone where revoked', async () => {
    const now = nowIso();
    const ann = { id: `ann-${now}`, username: `ann${Date.now()}`, email: `ann${Date.now()}@example.com` };
    await server.ctx.store.users.insert({
      ...ann, password_hash: 'x', first_name: 'Ann', last_name: 'T', role: 'client', avatar_url: null, created_at: now, updated_at: now,
    });
    const row = (revoked: number) => ({ doc_id: ann.id, seq: 1, revoked });
    const [own, other, lost] = (
      await createStreamReads(server.ctx.store).wireJson([
        { viewerId: ann.id, collection: 'users', row: row(0) },
        { viewerId: 'bob', collection: 'users', row: row(0) },
        { viewerId: 'cy', collection: 'users', row: row(1) },
      ])
    ).map((json) => JSON.parse(json as string) as Record<string, unknown>);
    expect(own).toMatchObject({ id: ann.id, email: ann.email, first_name: 'Ann', _deleted: false });
    expect(other).toMatchObject({ id: ann.id, first_name: 'Ann', _deleted: false });
    expect(other).not.toHaveProperty('email');
    expect(lost).toMatchObject({ id: ann.id, _deleted: true });
    expect(lost?.first_name).not.toBe('Ann');
  });
});
