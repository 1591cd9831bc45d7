import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../src/db/store';
import { publicUser } from '../src/db/users';
import type { Params } from '../src/db/sql';
import type { Ctx } from '../src/domain/context';
import { listDms, listRooms } from '../src/domain/rooms';
import { loadStates, wireDoc } from '../src/domain/documents';
import { pullJson } from '../src/domain/sync';
import { dmRoomId, emptyRoom, membershipId, type CollectionName, type PullResponse } from '../src/shared';
import { freshDatabase, messageDoc, TEST_BACKEND, type TestDatabase } from './helpers';

/**
 * The read path at scale (docs/server.md, "Reads at scale"), checked by what it does rather than
 * how long it takes: the statements a list or a pull issues do not grow with rooms or documents,
 * and each statement's plan uses its index instead of reading a table or a user's whole feed.
 */
let db: TestDatabase;
let store: Store;
const statements: Array<{ text: string; params?: Params; result?: unknown }> = [];
const T0 = Date.UTC(2026, 0, 1);
const at = (n: number) => new Date(T0 + n * 1000).toISOString();
let clock = 0;
let seq = 0;

beforeAll(async () => {
  db = await freshDatabase();
  store = await createStore(db);
  // Every repository calls these methods on this one object, so wrapping them sees every statement.
  const sql = store.sql as unknown as Record<'all' | 'get' | 'run', (text: string, params?: Params) => Promise<unknown>>;
  for (const method of ['all', 'get', 'run'] as const) {
    const original = sql[method].bind(sql);
    sql[method] = async (text, params) => {
      const statement: (typeof statements)[number] = { text, params };
      statements.push(statement);
      statement.result = await original(text, params);
      return statement.result;
    };
  }
  for (const id of ['me', 'staff', ...Array.from({ length: 40 }, (_, i) => `p${i}`)]) {
    await store.users.insert({
      id,
      username: id,
      email: `${id}@test.example`,
      password_hash: 'x',
      first_name: id,
      last_name: 'Test',
      role: id === 'staff' ? 'support' : 'client',
      avatar_url: null,
      created_at: at(0),
      updated_at: at(0),
    });
  }
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

/** A room of `members` with `messages` messages, every document in each member's feed. */
async function room(id: string, type: 'direct' | 'group' | 'support', members: string[], messages: number) {
  await store.rooms.insert(emptyRoom({ id, room_type: type, participant_ids: members, created_by: members[0] as string, now: at(++clock), name: type === 'direct' ? '' : id, status: type === 'support' ? 'open' : null }));
  for (const user of members) await store.memberships.join(membershipId(id, user), id, user, at(clock));
  for (let i = 0; i < messages; i++) {
    const doc = messageDoc(members[i % members.length] as string, id, { server_seq: ++seq, received_at: at(++clock), created_at: at(clock) });
    const { _deleted, ...message } = doc;
    await store.messages.insert(message);
    await store.rooms.setLastMessage(id, message, at(clock));
    await store.feed.touchMany(members.map((userId) => ({ userId, collection: 'messages', docId: message.id, revoked: false })));
  }
  await store.feed.touchMany(
    members.flatMap((userId) => [
      { userId, collection: 'rooms' as const, docId: id, revoked: false },
      ...members.map((other) => ({ userId, collection: 'memberships' as const, docId: membershipId(id, other), revoked: false })),
    ]),
  );
}

const pullSince = async (userId: string, collection: CollectionName, since: number, limit: number) =>
  JSON.parse(await pullJson(store, userId, collection, since, limit)) as PullResponse;

let peers = 0;
/** `n` more rooms for `me`: DMs, groups and support rooms in turn, each with a few messages. */
async function moreRooms(n: number) {
  for (let i = 0; i < n; i++) {
    const a = `p${peers++}`;
    if (i % 3 === 0) await room(dmRoomId('me', a), 'direct', ['me', a], 2);
    else if (i % 3 === 1) await room(`group:${a}`, 'group', ['me', a, `p${peers++}`], 3);
    else await room(`support:${a}`, 'support', ['me', 'staff'], 2);
  }
}

async function counted(fn: () => Promise<unknown>): Promise<typeof statements> {
  statements.length = 0;
  await fn();
  return statements.splice(0);
}

/** How many statements each read issues, one read at a time. */
async function census(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, fn] of Object.entries(reads)) out[name] = (await counted(fn)).length;
  return out;
}

const ctx = () => ({ store }) as unknown as Ctx;
const reads = {
  'the room list': () => listRooms(ctx(), 'me', {}),
  'the DM list': () => listDms(ctx(), 'me'),
  'the support queue': () => store.rooms.supportQueue('staff', 'open'),
  'a pull of messages': () => pullSince('me', 'messages', 0, 1000),
  'a pull of rooms': () => pullSince('me', 'rooms', 0, 1000),
  'a pull of memberships': () => pullSince('me', 'memberships', 0, 1000),
  "the stream's heads": () => store.feed.heads('me'),
};

describe('reads at scale', () => {
  it('issue as many statements for 3 rooms as for 15, and for 8 messages as for 40', async () => {
    await moreRooms(3);
    const small = await census();
    expect((await pullSince('me', 'messages', 0, 1000)).documents.length).toBeGreaterThan(5);
    await moreRooms(12);
    const large = await census();
    expect((await pullSince('me', 'messages', 0, 1000)).documents.length).toBeGreaterThan(30);
    expect(large).toEqual(small);
    for (const [name, n] of Object.entries(large)) expect(n, name).toBeLessThanOrEqual(2);
  });

  it('a pull builds the same documents, in feed order, as it did one by one', async () => {
    for (const collection of ['messages', 'rooms', 'memberships', 'users'] satisfies CollectionName[]) {
      const page = await pullSince('me', collection, 0, 1000);
      const rows = await store.feed.pull('me', collection, 0, 1000);
      expect(page.documents.map((d) => d.id)).toEqual(rows.map((r) => r.doc_id));
      const one = rows[Math.floor(rows.length / 2)];
      if (!one) continue;
      const alone = await pullSince('me', collection, one.seq - 1, 1);
      expect(page.documents.find((d) => d.id === one.doc_id)).toEqual(alone.documents[0]);
    }
  });

  it('a pull of messages builds no message objects: the database sends each document as JSON text', async () => {
    const [feed, documents, ...rest] = await counted(reads['a pull of messages']);
    expect(rest).toEqual([]);
    expect((feed?.result as unknown[]).length).toBeGreaterThan(30);
    const rows = documents?.result as Array<Record<string, unknown>>;
    expect(rows.length).toBe((feed?.result as unknown[]).length);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['id', 'json']);
  });

  it('a pull page is, byte for byte, the JSON of the documents wireDoc builds, live and revoked', async () => {
    const id = 'group:json';
    await room(id, 'group', ['me', 'p0'], 0);
    const odd = ['quote " backslash \\ slash / </script>', 'controls \n\t\r\b\f\u0001\u001f\u007f', 'é 日本 😀 \u2028\u2029', ''];
    const extras = [
      ...odd.map((content) => ({ content })),
      { kind: 'location' as const, content: '', location: { lat: 48.85661234567891, lng: -0.000001, label: 'Paris "centre"' } },
      { kind: 'location' as const, content: '', location: { lat: 1e-7, lng: 179.99999999999997, label: '' } },
      {
        kind: 'image' as const,
        content: 'photo',
        attachment: { id: 'att-1', name: 'a "b".png', mime: 'image/png', size: 12345, width: 640, height: 480, duration_ms: null, thumbnail: 'data:image/webp;base64,AAAA' },
        album_id: 'album-1',
      },
      { deleted: true, content: '', edited_at: at(5) },
      { edited_at: at(6), reply_to_id: 'msg-replied' },
    ];
    const since = (await store.feed.heads('me')).find((h) => h.collection === 'messages')?.seq ?? 0;
    const ids: string[] = [];
    for (const extra of extras) {
      const { _deleted, ...message } = messageDoc('p0', id, { server_seq: ++seq, received_at: at(++clock), created_at: at(clock), ...extra });
      await store.messages.insert(message);
      await store.feed.touchMany([{ userId: 'me', collection: 'messages', docId: message.id, revoked: false }]);
      ids.push(message.id);
    }
    // Two of them lost again: their tombstones come through the object path.
    for (const docId of [ids[1], ids[6]] as string[]) await store.feed.touchMany([{ userId: 'me', collection: 'messages', docId, revoked: true }]);
    for (const collection of ['messages', 'rooms', 'memberships', 'users'] satisfies CollectionName[]) {
      const from = collection === 'messages' ? since : 0;
      const rows = await store.feed.pull('me', collection, from, 1000);
      const states = await loadStates(store, 'me', collection, rows.map((r) => r.doc_id));
      const documents = rows.flatMap((row) => {
        const state = states.get(row.doc_id);
        return state ? [wireDoc(collection, state, row)] : [];
      });
      expect(await pullJson(store, 'me', collection, from, 1000), collection).toBe(JSON.stringify({ documents, checkpoint: { seq: rows.at(-1)?.seq ?? from } }));
      if (collection === 'messages') expect(documents.filter((d) => d._deleted)).toHaveLength(2);
    }
    expect(await pullJson(store, 'me', 'messages', 1e12, 10)).toBe(JSON.stringify({ documents: [], checkpoint: { seq: 1e12 } }));
  });

  it('the room and DM lists are, byte for byte, the JSON of the objects, built by the database, the DM list in one statement', async () => {
    await store.users.insert({
      id: 'zz', username: 'zz', email: 'zz@test.example', password_hash: 'x', first_name: 'Zoë "Z" \\ 日本', last_name: 'O\'Neil\n',
      role: 'cleaner', avatar_url: '/api/files/avatar.webp?v=1', created_at: at(0), updated_at: at(1),
    });
    await room(dmRoomId('me', 'zz'), 'direct', ['me', 'zz'], 1);
    await room('group:odd', 'group', ['me', 'zz', 'p1'], 1);
    await store.rooms.rename('group:odd', 'Odd "name" \\ \t 😀', at(++clock));
    await store.rooms.setLastMessage('group:odd', { content: 'last \u0001 "quoted"\n', received_at: at(++clock), sender_id: 'zz' }, at(clock));
    for (const filter of [{}, { room_type: 'direct' }, { room_type: 'group', archived: false }, { archived: true }]) {
      expect(await listRooms(ctx(), 'me', filter), JSON.stringify(filter)).toBe(JSON.stringify(await store.rooms.listForUser('me', filter)));
    }
    const dms = await store.rooms.listForUser('me', { room_type: 'direct' });
    const users = new Map((await store.users.byIds([...new Set(dms.flatMap((r) => r.participant_ids))])).map((u) => [u.id, publicUser(u)]));
    const expected = dms.map((r) => ({ ...r, participants: r.participant_ids.map((id) => users.get(id)) }));
    expect(expected.some((r) => r.participants.some((u) => u?.avatar_url))).toBe(true);
    const [statement, ...rest] = await counted(reads['the DM list']);
    expect(rest).toEqual([]);
    for (const row of statement?.result as object[]) expect(Object.keys(row)).toEqual(['json']);
    expect(await listDms(ctx(), 'me')).toBe(JSON.stringify(expected));
  });

  /** The plan of the statement as the database would run it; on PostgreSQL with sequential scans off, so a tiny table still shows which index serves it. */
  async function plan(text: string, params?: Params): Promise<string> {
    if (TEST_BACKEND === 'sqlite') return (await store.sql.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${text}`, params)).map((r) => r.detail).join('\n');
    return store.sql.transaction(async () => {
      await store.sql.run('SET LOCAL enable_seqscan = off');
      return (await store.sql.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)).map((r) => r['QUERY PLAN']).join('\n');
    });
  }
  async function planOf(fn: () => Promise<unknown>): Promise<string> {
    const plans: string[] = [];
    for (const s of await counted(fn)) plans.push(await plan(s.text, s.params));
    return plans.join('\n');
  }

  it('a pull page reads the feed index alone, then each document by its key', async () => {
    const text = await planOf(reads['a pull of messages']);
    expect(text).toMatch(TEST_BACKEND === 'sqlite' ? /COVERING INDEX feed_page \(user_id=\? AND collection=\? AND seq>\?\)/ : /Index Only Scan using feed_page/);
    expect(text).toMatch(TEST_BACKEND === 'sqlite' ? /SEARCH messages USING INDEX sqlite_autoindex_messages_1 \(id=\?\)/ : /Index Scan (using|on) messages_pkey/);
    expect(text).not.toMatch(/SCAN (messages|feed)\b|Seq Scan on (messages|feed)/);
  });

  it("the stream's heads step to the end of each collection's feed, not through the user's whole feed", async () => {
    const text = await planOf(reads["the stream's heads"]);
    expect(text).toMatch(TEST_BACKEND === 'sqlite' ? /feed_page \(user_id=\? AND collection=\?\)/ : /feed_page/);
    expect(text).not.toMatch(/feed_page \(user_id=\?\)$|SCAN feed\b|Seq Scan on feed/m);
  });

  it('the room list finds the rooms by member and their participants from the index alone', async () => {
    const text = await planOf(reads['the room list']);
    expect(text).toMatch(/memberships_user/);
    expect(text).toMatch(TEST_BACKEND === 'sqlite' ? /COVERING INDEX memberships_room_users/ : /Index Only Scan using memberships_room_users/);
    expect(text).not.toMatch(/SCAN (messages|memberships|rooms)\b|Seq Scan/);
  });

  it("the support queue finds each room's waiting time in the room's messages by index", async () => {
    const text = await planOf(reads['the support queue']);
    expect(text).not.toMatch(/SCAN (messages|memberships)\b|Seq Scan on (messages|memberships)/);
  });
});
