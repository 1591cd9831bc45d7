import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceEvent, TypingEvent } from '../src/shared';
import { closeAll, disconnect, errorCode, register, request, startTestServer, type TestServer } from './helpers';
import { assertSchema, say, startDm } from './fixtures';
import { dataOf, isEvent, SseReader } from '../../testkit/sse';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

async function threeUsers() {
  const [a, b, c, d] = await Promise.all([register(server), register(server), register(server), register(server)]);
  const ab = await startDm(a, b);
  const cd = await startDm(c, d);
  return { a, b, c, d, ab, cd };
}

describe('GET /api/sync/stream', () => {
  it('sends the headers at once: the fetch resolves before any event', async () => {
    const loner = await register(server);
    const observer = await register(server);
    const s = await loner.stream();
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s.events).toEqual([]);
    await disconnect(observer, { reader: s, owner: loner });
  });

  it('delivers a message to the other participant and the author, not to a third user', async () => {
    const { a, b, c, ab, cd } = await threeUsers();
    const [sa, sb, sc] = await Promise.all([a.stream(), b.stream(), c.stream()]);
    const msg = await say(a, ab, 'over the wire');
    const forB = await sb.nextChange('messages', (m) => m.id === msg.id);
    expect(forB.collection).toBe('messages');
    expect(forB.documents).toEqual([{ ...msg, _deleted: false }]);
    expect(typeof forB.checkpoint).toBe('object');
    assertSchema('messages', forB.documents);
    const forA = await sa.nextChange('messages', (m) => m.id === msg.id);
    expect(forA.documents[0]?.content).toBe('over the wire');
    const room = await sb.nextChange('rooms', (r) => r.id === ab);
    expect(room.documents[0]?.last_message_content).toBe('over the wire');

    // Per-connection order is the server's write order: once c sees its own later message,
    // a's earlier message would already have arrived had it been sent to c.
    const sentinel = await say(c, cd, 'sentinel');
    await sc.nextChange('messages', (m) => m.id === sentinel.id);
    expect(JSON.stringify(sc.events)).not.toContain(msg.id);
    expect(JSON.stringify(sc.events)).not.toContain('over the wire');
    await disconnect(c, { reader: sa, owner: a }, { reader: sb, owner: b });
    await disconnect(a, { reader: sc, owner: c });
  });

  it('read receipts: the author stream receives the reader membership', async () => {
    const { a, b, c, ab } = await threeUsers();
    await say(a, ab, 'did you see this?');
    const sa = await a.stream();
    const read = await b.post<{ last_read_at: string }>(`/api/chat/rooms/${ab}/read/`);
    const event = await sa.nextChange('memberships', (m) => m.id === `${ab}|${b.id}`);
    expect(event.documents.find((m) => m.id === `${ab}|${b.id}`)?.last_read_at).toBe(read.body.last_read_at);
    await disconnect(c, { reader: sa, owner: a });
  });

  it('the event checkpoint continues a pull without gaps', async () => {
    const { a, b, ab } = await threeUsers();
    const sb = await b.stream();
    const msg = await say(a, ab, 'one');
    const event = await sb.nextChange('messages', (m) => m.id === msg.id);
    const next = await say(a, ab, 'two');
    const pulled = await b.pull('messages', event.checkpoint);
    expect(pulled.body.documents.map((m) => m.id)).toEqual([next.id]);
    await disconnect(a, { reader: sb, owner: b });
  });

  it('typing: 204, and the other participant receives event: typing', async () => {
    const { a, b, c, ab } = await threeUsers();
    const sb = await b.stream();
    const res = await request(server.url, 'POST', `/api/chat/rooms/${ab}/typing/`, { token: a.token, body: {} });
    expect(res.status).toBe(204);
    const e = await sb.next(isEvent('typing'));
    const data = dataOf<TypingEvent>(e);
    expect(data).toMatchObject({ room_id: ab, user_id: a.id });
    expect(data.at).toMatch(/Z$/);
    expect((await a.post(`/api/chat/rooms/${ab}/typing/`, { extra: 1 })).status).toBe(400);
    await disconnect(c, { reader: sb, owner: b });
  });

  it('presence: co-members learn when a user comes online and goes offline', async () => {
    const { a, b, c } = await threeUsers();
    const sb = await b.stream();
    const sa = await a.stream();
    const online = await sb.next((e) => e.event === 'presence' && dataOf<PresenceEvent>(e).user_id === a.id);
    expect(dataOf<PresenceEvent>(online)).toEqual({ user_id: a.id, online: true });
    // A new stream first learns who among its co-members is online.
    const peer = await sa.next((e) => e.event === 'presence' && dataOf<PresenceEvent>(e).user_id === b.id);
    expect(dataOf<PresenceEvent>(peer).online).toBe(true);
    // Presence goes only to co-members: c shares no room with a.
    const sc = await c.stream();
    const sentinel = await say(c, (await startDm(c, b)), 'sentinel');
    await sc.nextChange('messages', (m) => m.id === sentinel.id);
    expect(sc.events.filter((e) => e.event === 'presence' && dataOf<PresenceEvent>(e).user_id === a.id)).toEqual([]);
    sa.close();
    const offline = await sb.next((e) => e.event === 'presence' && dataOf<PresenceEvent>(e).user_id === a.id);
    expect(dataOf<PresenceEvent>(offline)).toEqual({ user_id: a.id, online: false });
    await disconnect(a, { reader: sb, owner: b }, { reader: sc, owner: c });
  });

  it('a new DM reaches the other participant stream; the path also works with a trailing slash', async () => {
    const [a, b] = await Promise.all([register(server), register(server)]);
    const sb = await SseReader.open(`${server.url}/api/sync/stream/`, { authorization: `Bearer ${b.token}` });
    expect(sb.status).toBe(200);
    const room = await startDm(a, b);
    const event = await sb.nextChange('rooms', (r) => r.id === room);
    expect(event.documents.find((r) => r.id === room)).toMatchObject({ room_type: 'direct', _deleted: false });
    await sb.nextChange('memberships', (m) => m.id === `${room}|${b.id}`);
    await disconnect(a, { reader: sb, owner: b });
  });

  it('accepts ?access_token= and refuses a missing or bad token with 401', async () => {
    const { a, b, c, ab } = await threeUsers();
    const s = await SseReader.open(`${server.url}/api/sync/stream?access_token=${encodeURIComponent(b.token)}`);
    expect(s.status).toBe(200);
    const msg = await say(a, ab, 'via query token');
    await s.nextChange('messages', (m) => m.id === msg.id);
    await disconnect(c, { reader: s, owner: b });

    const bad = await request(server.url, 'GET', '/api/sync/stream?access_token=nonsense');
    expect(bad.status).toBe(401);
    expect(errorCode(bad)).toBe('invalid_token');
    const none = await request(server.url, 'GET', '/api/sync/stream');
    expect(none.status).toBe(401);
    errorCode(none);
  });
});

describe('stream lifetime', () => {
  let fast: TestServer;
  beforeAll(async () => {
    fast = await startTestServer({ heartbeatMs: 50, accessTokenTtlSeconds: 2 });
  });

  it('sends a comment heartbeat', async () => {
    const [me, observer] = await Promise.all([register(fast), register(fast)]);
    const s = await me.stream();
    const comment = await s.nextComment();
    expect(typeof comment).toBe('string');
    expect(s.events).toEqual([]);
    await disconnect(observer, { reader: s, owner: me });
  });

  it('ends the stream when its access token expires', async () => {
    const me = await register(fast);
    const s = await me.stream();
    await s.whenEnded(10_000);
    expect(s.ended).toBe(true);
    // Registered now, so its own short-lived token is still fresh.
    const observer = await register(fast);
    await disconnect(observer, { reader: s, owner: me });
  });
});
