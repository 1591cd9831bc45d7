import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDm } from './fixtures';
import { closeAll, createRow, errorCode, messageDoc, register, startTestServer, TEST_BACKEND, type Client } from './helpers';

/**
 * What a push reads, counted at the driver (docs/server.md, "Batched writes"): the statements it
 * sends and the message rows that come back whole. Not timed.
 */
let watching = false;
const texts: string[] = [];
/** Message rows returned with their whole row (their `content` column among them). */
let wholeMessages = 0;

const rowsOf = (result: unknown): unknown[] => {
  if (Array.isArray(result)) return result;
  if (result && typeof result === 'object' && 'rows' in result) return (result as { rows: unknown[] }).rows;
  return result && typeof result === 'object' ? [result] : [];
};
const seen = (text: string, result: unknown) => {
  if (!watching) return;
  texts.push(text.replace(/\s+/g, ' '));
  if (/FROM messages\b/.test(text)) wholeMessages += rowsOf(result).filter((r) => r && typeof r === 'object' && 'content' in r).length;
};

beforeAll(() => {
  if (TEST_BACKEND === 'postgres') {
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const query = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const text = String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text);
      const last = args.at(-1);
      // The pool calls with a callback; a client in a transaction gets a promise.
      if (typeof last === 'function') {
        args[args.length - 1] = (err: unknown, res: unknown) => {
          if (!err) seen(text, res);
          return (last as (e: unknown, r: unknown) => unknown)(err, res);
        };
        return query.apply(this, args);
      }
      const out = query.apply(this, args) as Promise<unknown> | undefined;
      return out?.then((res) => (seen(text, res), res));
    };
  } else {
    const proto = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Record<'run' | 'get' | 'all', (...args: unknown[]) => unknown>;
    for (const m of ['run', 'get', 'all'] as const) {
      const call = proto[m];
      proto[m] = function (this: { source: string }, ...args: unknown[]) {
        const out = call.apply(this, args);
        seen(this.source, m === 'run' ? undefined : out);
        return out;
      };
    }
  }
});
afterAll(closeAll);

async function watch(fn: () => Promise<unknown>) {
  texts.length = 0;
  wholeMessages = 0;
  watching = true;
  try {
    await fn();
  } finally {
    watching = false;
  }
}

const rows = (who: Client, room: string, n: number) => Array.from({ length: n }, (_, i) => createRow(messageDoc(who.id, room, { content: `m ${i}` })));
const push = async (who: Client, room: string, n: number) =>
  expect(await who.call<unknown[]>('POST', '/api/sync/messages/push', rows(who, room, n))).toEqual([]);

describe(`what a push reads on ${TEST_BACKEND}`, () => {
  it('authentication is one statement per request: the session and its user together', async () => {
    const server = await startTestServer();
    const [a, b] = await Promise.all([register(server), register(server)]);
    const room = await startDm(a, b);
    await watch(async () => {
      expect((await a.pull('rooms')).status).toBe(200);
      expect((await a.pull('messages')).status).toBe(200);
    });
    expect(texts.filter((t) => /\bFROM refresh_tokens\b/.test(t))).toHaveLength(2);
    expect(texts.filter((t) => /^SELECT \* FROM users WHERE id = /.test(t))).toEqual([]);
    // The push still reads its sender once, for the posting rule (authz.ts), not for its token.
    await watch(() => push(a, room, 1));
    expect(texts.filter((t) => /^SELECT \* FROM users WHERE id = /.test(t))).toHaveLength(1);
  });

  it("the storage quota reads the sender's counter, never counts their messages", async () => {
    const server = await startTestServer();
    const [a, b] = await Promise.all([register(server), register(server)]);
    const room = await startDm(a, b);
    await push(a, room, 300);
    await watch(() => push(a, room, 100));
    // Counting the sender's messages read every one of them (the messages_sender index), on every push.
    expect(texts.filter((t) => /FROM messages WHERE sender_id/i.test(t))).toEqual([]);
    expect(texts.filter((t) => /FROM message_counts WHERE user_id/i.test(t))).toHaveLength(1);
  });

  it('a push of 100 new messages reads no message row whole: the feed finds their rooms by id alone', async () => {
    const server = await startTestServer();
    const [a, b] = await Promise.all([register(server), register(server)]);
    const room = await startDm(a, b);
    await push(a, room, 1); // warms the statement caches
    await watch(() => push(a, room, 100));
    // Main read all 100 back, every column, to learn the room each was just stored in.
    expect(wholeMessages).toBe(0);
    // The pushed rows still reach the peer, each once.
    const { documents } = await b.pullAll('messages');
    expect(documents.filter((d) => d.room_id === room)).toHaveLength(101);
  });

  it("a send writes its room's preview before the messages whose foreign keys share-lock the room", async () => {
    const server = await startTestServer();
    const [a, b] = await Promise.all([register(server), register(server)]);
    const room = await startDm(a, b);
    await watch(() => push(a, room, 20));
    const at = (pattern: RegExp) => texts.findIndex((t) => pattern.test(t));
    expect(at(/^UPDATE rooms SET updated_at/)).toBeGreaterThanOrEqual(0);
    expect(at(/^UPDATE rooms SET updated_at/)).toBeLessThan(at(/^INSERT INTO messages/));
    await watch(() => a.post(`/api/chat/rooms/${room}/messages/`, { content: 'by REST' }));
    expect(at(/^UPDATE rooms SET updated_at/)).toBeLessThan(at(/^INSERT INTO messages/));
    const list = await b.get<Array<{ id: string; last_message_content: string; unread_count: number }>>('/api/chat/rooms/');
    expect(list.body.find((r) => r.id === room)).toMatchObject({ last_message_content: 'by REST', unread_count: 21 });
  });

  it("a push reads its room's members twice: the caller's right to post, and once for the whole feed write", async () => {
    const server = await startTestServer();
    const [a, b] = await Promise.all([register(server), register(server)]);
    const room = await startDm(a, b);
    await push(a, room, 1);
    await watch(() => push(a, room, 50));
    const memberReads = texts.filter((t) => /FROM memberships WHERE room_id .* AND active = 1$/.test(t));
    // Main read them four times: for the right to post, then once each for the feed rows of the
    // messages, the room and the sender's membership.
    expect(memberReads).toHaveLength(2);
    // Both members still hear of it all: the peer's feed has the messages and the room's preview.
    const { documents } = await b.pullAll('rooms');
    expect(documents.find((d) => d.id === room)?.last_message_content).toBe('m 49');
  });

  it('the counter follows every way a message is stored: pushes, REST sends, replays and deletes', async () => {
    const server = await startTestServer({ messageQuota: 8 });
    const [a, b] = await Promise.all([register(server), register(server)]);
    const room = await startDm(a, b);
    const first = rows(a, room, 3);
    expect((await a.push('messages', first)).status).toBe(200);
    expect((await a.push('messages', first)).status).toBe(200); // a replay stores nothing, counts nothing
    const sent = await a.post<{ id: string }>(`/api/chat/rooms/${room}/messages/`, { content: 'four' });
    expect(sent.status).toBe(201);
    // A deleted message stays stored (a tombstone), so it still counts.
    expect((await a.delete(`/api/chat/rooms/${room}/messages/${sent.body.id}/`)).status).toBeLessThan(300);
    expect((await a.push('messages', rows(a, room, 4))).status).toBe(200); // 8 stored
    const over = await a.push('messages', rows(a, room, 1));
    expect(over.status).toBe(403);
    expect(errorCode(over)).toBe('quota_exceeded');
    // Each sender has a counter of their own.
    expect((await b.push('messages', rows(b, room, 8))).status).toBe(200);
  });
});
