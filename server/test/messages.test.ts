import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_MAX_CHARS, newMessageId, type MessageDoc, type MessagePage, type RoomWithUnread, type StartDmResponse } from '../src/shared';
import { closeAll, errorCode, messageDoc, register, startTestServer, type Client, type TestServer } from './helpers';

let server: TestServer;
let a: Client;
let b: Client;
let outsider: Client;
let room: string;

beforeAll(async () => {
  server = await startTestServer();
  [a, b, outsider] = await Promise.all([register(server), register(server, 'cleaner'), register(server)]);
  room = (await a.post<StartDmResponse>('/api/chat/rooms/start_dm/', { user_id: b.id })).body.room.id;
});
afterAll(closeAll);

const post = (who: Client, body: unknown, roomId = room) => who.post<MessageDoc>(`/api/chat/rooms/${roomId}/messages/`, body);
const page = (who: Client, query = '', roomId = room) => who.get<MessagePage>(`/api/chat/rooms/${roomId}/messages/${query}`);

async function freshRoom(): Promise<{ x: Client; y: Client; id: string }> {
  const [x, y] = await Promise.all([register(server), register(server)]);
  const id = (await x.post<StartDmResponse>('/api/chat/rooms/start_dm/', { user_id: y.id })).body.room.id;
  return { x, y, id };
}

async function countIn(roomId: string, who: Client): Promise<number> {
  return (await page(who, '?limit=50', roomId)).body.results.length;
}

describe('POST /api/chat/rooms/:id/messages/', () => {
  it('201 with the stored message, trimmed, ordered by server_seq; the room preview follows', async () => {
    const res = await post(a, { content: '  hello there \n' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ room_id: room, sender_id: a.id, content: 'hello there', kind: 'text', edited_at: null, deleted: false });
    expect(res.body.server_seq).toBeGreaterThan(0);
    expect(res.body.created_at).toMatch(/Z$/);
    const second = await post(b, { content: 'reply' });
    expect(second.body.server_seq).toBeGreaterThan(res.body.server_seq);
    const detail = await a.get<RoomWithUnread>(`/api/chat/rooms/${room}/`);
    expect(detail.body).toMatchObject({ last_message_content: 'reply', last_message_sender_id: b.id, last_message_time: second.body.created_at });
  });

  it('the same id again returns the stored message and stores nothing twice', async () => {
    const { x, id: roomId } = await freshRoom();
    const id = newMessageId();
    const first = await post(x, { id, content: 'once' }, roomId);
    expect(first.status).toBe(201);
    expect(first.body.id).toBe(id);
    const again = await post(x, { id, content: 'once' }, roomId);
    expect([200, 201]).toContain(again.status);
    expect(again.body).toEqual(first.body);
    const changed = await post(x, { id, content: 'twice?' }, roomId);
    expect(changed.body).toEqual(first.body);
    expect(await countIn(roomId, x)).toBe(1);
  });

  it('an id used by someone else is refused (409) and changes nothing', async () => {
    const { x, y, id: roomId } = await freshRoom();
    const id = newMessageId();
    await post(x, { id, content: 'mine' }, roomId);
    const res = await post(y, { id, content: 'theirs' }, roomId);
    expect(res.status).toBe(409);
    expect(errorCode(res)).toBe('message_id_conflict');
    const [only] = (await page(y, '', roomId)).body.results;
    expect(only).toMatchObject({ id, sender_id: x.id, content: 'mine' });
  });

  it.each([
    ['empty content', { content: '' }],
    ['blank content', { content: ' \n\t ' }],
    ['too long after trimming', { content: 'x'.repeat(MESSAGE_MAX_CHARS + 1) }],
    ['content missing', {}],
    ['content not a string', { content: 7 }],
    ['unknown field', { content: 'ok', sender_id: 'someone' }],
    ['id not a UUID v7 or ULID', { id: 'my-id', content: 'ok' }],
  ])('400 for %s, nothing stored', async (_name, body) => {
    const { x, id: roomId } = await freshRoom();
    const res = await post(x, body, roomId);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(await countIn(roomId, x)).toBe(0);
  });

  it(`accepts exactly ${MESSAGE_MAX_CHARS} characters after trimming`, async () => {
    const res = await post(a, { content: `   ${'y'.repeat(MESSAGE_MAX_CHARS)}   ` });
    expect(res.status).toBe(201);
    expect(res.body.content).toHaveLength(MESSAGE_MAX_CHARS);
  });

  it('404 in a foreign room, nothing stored', async () => {
    const res = await post(outsider, { content: 'let me in' });
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('not_found');
    const texts = (await page(a, '?limit=50')).body.results.map((m) => m.content);
    expect(texts).not.toContain('let me in');
  });
});

describe('GET /api/chat/rooms/:id/messages/', () => {
  it('pages newest first, 50 by default, with a next cursor until null', async () => {
    const { x, y, id: roomId } = await freshRoom();
    const rows = Array.from({ length: 120 }, (_, i) => ({
      newDocumentState: messageDoc(i % 2 ? x.id : y.id, roomId, { content: `m${i}` }),
      assumedMasterState: null,
    }));
    expect((await x.push('messages', rows.filter((r) => r.newDocumentState.sender_id === x.id))).body).toEqual([]);
    expect((await y.push('messages', rows.filter((r) => r.newDocumentState.sender_id === y.id))).body).toEqual([]);

    const seen: MessageDoc[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res = await page(x, cursor ? `?before=${encodeURIComponent(cursor)}` : '', roomId);
      expect(res.status).toBe(200);
      expect(res.body.results.length).toBeLessThanOrEqual(50);
      seen.push(...res.body.results);
      cursor = res.body.next;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(120);
    expect(new Set(seen.map((m) => m.id)).size).toBe(120);
    const seqs = seen.map((m) => m.server_seq);
    expect(seqs).toEqual([...seqs].sort((p, q) => q - p));
    expect(new Set(seen.map((m) => m.content))).toEqual(new Set(rows.map((r) => r.newDocumentState.content)));
  });

  it('honours limit, clamps it to 50, and refuses bad limits and cursors', async () => {
    const { x, id: roomId } = await freshRoom();
    const rows = Array.from({ length: 60 }, () => ({ newDocumentState: messageDoc(x.id, roomId), assumedMasterState: null }));
    await x.push('messages', rows);
    const ten = await page(x, '?limit=10', roomId);
    expect(ten.body.results).toHaveLength(10);
    expect(ten.body.next).not.toBeNull();
    const big = await page(x, '?limit=500', roomId);
    expect(big.status).toBe(200);
    expect(big.body.results).toHaveLength(50);
    for (const q of ['?limit=0', '?limit=abc', '?limit=-3', '?before=not-a-cursor']) {
      const bad = await page(x, q, roomId);
      expect(bad.status, q).toBe(400);
      errorCode(bad);
    }
    const noSlash = await x.get<MessagePage>(`/api/chat/rooms/${roomId}/messages?limit=5`);
    expect(noSlash.body.results).toHaveLength(5);
  });

  it('an empty room answers an empty page with next null', async () => {
    const { x, id: roomId } = await freshRoom();
    const res = await page(x, '', roomId);
    expect(res.body).toEqual({ results: [], next: null });
  });
});
