import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDm } from './fixtures';
import { closeAll, createRow, messageDoc, register, startTestServer, TEST_BACKEND, type Client, type TestServer } from './helpers';

/**
 * The write path's cost in statements (docs/server.md, "Batched writes"): a push batch, a group's
 * creation and an added member cost a number of statements that does not grow with the batch or
 * the group. Counted at the driver (every statement the in-process server sends), not timed.
 */
let counting = false;
let statements = 0;
const counted = <F extends (...args: never[]) => unknown>(fn: F) =>
  function (this: unknown, ...args: Parameters<F>) {
    if (counting) statements += 1;
    return fn.apply(this, args);
  } as F;

/**
 * PostgreSQL: per transaction that took the feed counter lock, the round trips (queries sent) from
 * the one that took that lock to the one that ended the transaction: the part of a write that
 * runs one at a time across all instances. A query may hold several statements
 * (`db/commit-with.ts`: the feed write and the COMMIT in one).
 */
const underLock: string[][] = [];
const holding = new WeakMap<object, string[]>();
const watchLock = <F extends (...args: never[]) => unknown>(fn: F) =>
  function (this: object, ...args: Parameters<F>) {
    const text = String(args[0]);
    let held = holding.get(this);
    // feed_write (migration 13) and feed_write_or_raise (16) take the lock inside the statement.
    if (!held && /feed_counter FOR UPDATE|feed_write(_or_raise)?\(/.test(text)) holding.set(this, (held = []));
    held?.push(text);
    if (held && /(^|;\s*)(COMMIT|ROLLBACK)$/.test(text)) {
      if (counting) underLock.push(held);
      holding.delete(this);
    }
    return fn.apply(this, args);
  } as F;

beforeAll(() => {
  if (TEST_BACKEND === 'postgres') {
    const proto = pg.Client.prototype as unknown as { query: (...args: never[]) => unknown };
    proto.query = counted(watchLock(proto.query));
  } else {
    const proto = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Record<'run' | 'get' | 'all', (...args: never[]) => unknown>;
    for (const m of ['run', 'get', 'all'] as const) proto[m] = counted(proto[m]);
  }
});
afterAll(closeAll);

/** How many statements `fn` sends while it is the only thing the server does. */
async function cost(fn: () => Promise<unknown>): Promise<number> {
  statements = 0;
  underLock.length = 0;
  counting = true;
  try {
    await fn();
  } finally {
    counting = false;
  }
  return statements;
}

describe(`statements per write on ${TEST_BACKEND}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });

  it('a push of 100 new messages costs what a push of 2 costs', async () => {
    const [a, b] = await Promise.all([register(server), register(server)]);
    const room = await startDm(a, b);
    const push = (n: number) => async () => {
      const rows = Array.from({ length: n }, (_, i) => createRow(messageDoc(a.id, room, { content: `m ${i}` })));
      expect(await a.call<unknown[]>('POST', '/api/sync/messages/push', rows)).toEqual([]);
    };
    await push(1)(); // warms the statement caches
    const small = await cost(push(2));
    const large = await cost(push(100));
    expect(large).toBe(small);
    // Every message is stored once, and the reader's counter holds all of them.
    const list = await b.get<Array<{ id: string; unread_count: number }>>('/api/chat/rooms/');
    expect(list.body.find((r) => r.id === room)?.unread_count).toBe(103);
  });

  it.runIf(TEST_BACKEND === 'postgres')('a push holds the feed counter lock for one round trip: the feed write that takes it and the commit, sent as one query', async () => {
    const [a, b] = await Promise.all([register(server), register(server)]);
    const room = await startDm(a, b);
    const push = (n: number) => async () => {
      const rows = Array.from({ length: n }, (_, i) => createRow(messageDoc(a.id, room, { content: `m ${i}` })));
      expect(await a.call<unknown[]>('POST', '/api/sync/messages/push', rows)).toEqual([]);
    };
    await push(1)();
    for (const n of [2, 100]) {
      await cost(push(n));
      // Audiences, live holders and stamps are all read before the lock (docs/server.md, "The checkpoint hazard").
      // Then one query, `SAVEPOINT feed_write; SELECT feed_write_or_raise(…); COMMIT` (2 round trips before: feed_write, then COMMIT).
      expect(underLock.map((texts) => texts.length)).toEqual([1]);
      expect(underLock[0]?.[0]).toMatch(/^SAVEPOINT "feed_write"; SELECT feed_write_or_raise\(.* AS base; COMMIT$/s);
    }
  });

  it('making a group of 12 costs what a group of 3 costs, and so does adding someone to it', async () => {
    const users: Client[] = [];
    for (let i = 0; i < 13; i++) users.push(await register(server));
    const [owner, ...others] = users as [Client, ...Client[]];
    const create = (members: Client[]) =>
      owner.call<{ id: string }>('POST', '/api/chat/rooms/', { room_type: 'group', name: 'G', participant_ids: members.map((m) => m.id) });
    await create(others.slice(0, 2)); // warms the statement caches
    let small = '';
    let large = '';
    const smallCost = await cost(async () => void (small = (await create(others.slice(2, 4))).id));
    const largeCost = await cost(async () => void (large = (await create(others.slice(0, 11))).id));
    expect(largeCost).toBe(smallCost);
    const add = (roomId: string) => () => owner.call('POST', `/api/chat/rooms/${encodeURIComponent(roomId)}/members/`, { user_id: others[11]?.id });
    expect(await cost(add(large))).toBe(await cost(add(small)));
  });
});
