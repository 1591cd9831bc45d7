import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES, type AuthResponse, type JobDoc, type MessagePage, type StartDmResponse } from '../src/shared';
import {
  closeAll,
  errorCode,
  messageDoc,
  newRegistration,
  PASSWORD,
  register,
  request,
  startTestServer,
  type Client,
  type TestServer,
} from './helpers';

let server: TestServer;
let me: Client;
let peer: Client;
let room: string;
let jobId: string;

beforeAll(async () => {
  server = await startTestServer();
  [me, peer] = await Promise.all([register(server), register(server, 'cleaner')]);
  room = (await me.post<StartDmResponse>('/api/chat/rooms/start_dm/', { user_id: peer.id })).body.room.id;
  jobId = (await me.post<JobDoc>('/api/jobs', { title: 'T', address: 'A', scheduled_at: '2030-01-01T00:00:00.000Z' })).body.id;
});
afterAll(closeAll);

const messageCount = async () => (await me.get<MessagePage>(`/api/chat/rooms/${room}/messages/`)).body.results.length;

describe('every path works with and without its trailing slash', () => {
  type Case = [string, string, () => unknown, number[]];
  const cases = (): Case[] => [
    ['GET', '/api/health', () => undefined, [200]],
    ['POST', '/api/auth/register', () => newRegistration(), [201]],
    ['GET', '/api/auth/me', () => undefined, [200]],
    ['GET', '/api/auth/users/search', () => undefined, [200]],
    ['POST', '/api/jobs', () => ({ title: 'T', address: 'A', scheduled_at: '2030-01-01T00:00:00.000Z' }), [201]],
    ['PATCH', `/api/jobs/${jobId}`, () => ({ title: 'Renamed' }), [200]],
    ['GET', `/api/jobs/${jobId}/chat`, () => undefined, [200]],
    ['POST', '/api/chat/rooms/start_dm', () => ({ user_id: peer.id }), [200]],
    ['GET', '/api/chat/rooms/direct_messages', () => undefined, [200]],
    ['GET', '/api/chat/rooms', () => undefined, [200]],
    ['GET', `/api/chat/rooms/${room}`, () => undefined, [200]],
    ['GET', `/api/chat/rooms/${room}/messages`, () => undefined, [200]],
    ['POST', `/api/chat/rooms/${room}/messages`, () => ({ content: 'slash test' }), [201]],
    ['POST', `/api/chat/rooms/${room}/read`, () => ({}), [200]],
    ['POST', `/api/chat/rooms/${room}/archive`, () => ({}), [200]],
    ['POST', `/api/chat/rooms/${room}/unarchive`, () => ({}), [200]],
    ['POST', `/api/chat/rooms/${room}/typing`, () => ({}), [204]],
    ['GET', '/api/sync/rooms/pull', () => undefined, [200]],
    ['POST', '/api/sync/messages/push', () => [], [200]],
  ];
  it.each([false, true])('trailing slash: %s', async (slash) => {
    for (const [method, path, body, ok] of cases()) {
      const res = await request(server.url, method, slash ? `${path}/` : path, { token: me.token, body: body() });
      expect(ok, `${method} ${path}${slash ? '/' : ''} -> ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
    }
  });

  it('login, refresh and logout accept both forms', async () => {
    const reg = newRegistration();
    await request(server.url, 'POST', '/api/auth/register/', { body: reg });
    for (const path of ['/api/auth/login', '/api/auth/login/']) {
      const login = await request<AuthResponse>(server.url, 'POST', path, { body: { username: reg.username, password: PASSWORD } });
      expect(login.status).toBe(200);
      const refreshPath = path.replace('login', 'refresh');
      const refreshed = await request<AuthResponse>(server.url, 'POST', refreshPath, { body: { refresh_token: login.body.refresh_token } });
      expect(refreshed.status).toBe(200);
      const logoutPath = path.replace('login', 'logout');
      const out = await request(server.url, 'POST', logoutPath, {
        token: refreshed.body.access_token,
        body: { refresh_token: refreshed.body.refresh_token },
      });
      expect(out.status).toBe(204);
    }
  });
});

describe('bad input (SPEC §6)', () => {
  it('malformed JSON is 400 invalid_json and stores nothing', async () => {
    const before = await messageCount();
    for (const [path, token] of [
      [`/api/chat/rooms/${room}/messages/`, me.token],
      ['/api/auth/register', undefined],
      ['/api/sync/messages/push', me.token],
      ['/api/jobs', me.token],
    ] as const) {
      const res = await request(server.url, 'POST', path, { token, rawBody: '{"content": "half' });
      expect(res.status, path).toBe(400);
      expect(errorCode(res)).toBe('invalid_json');
    }
    expect(await messageCount()).toBe(before);
  });

  it('a body over 256 KiB is 413 payload_too_large and stores nothing', async () => {
    const before = await messageCount();
    const huge = { content: 'z'.repeat(BODY_LIMIT_BYTES + 10) };
    const res = await me.post(`/api/chat/rooms/${room}/messages/`, huge);
    expect(res.status).toBe(413);
    expect(errorCode(res)).toBe('payload_too_large');
    const rows = Array.from({ length: 80 }, () => ({
      newDocumentState: messageDoc(me.id, room, { content: 'q'.repeat(3500) }),
      assumedMasterState: null,
    }));
    const push = await me.push('messages', rows);
    expect(push.status).toBe(413);
    expect(await messageCount()).toBe(before);
  });

  it('a non-JSON content type is refused with an error envelope and stores nothing', async () => {
    const before = await messageCount();
    const res = await request(server.url, 'POST', `/api/chat/rooms/${room}/messages/`, {
      token: me.token,
      rawBody: 'content=hello',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([400, 415]).toContain(res.status);
    errorCode(res);
    expect(await messageCount()).toBe(before);
  });

  it('unknown routes and collections answer 404 with the envelope', async () => {
    const route = await me.get('/api/nothing/here');
    expect(route.status).toBe(404);
    errorCode(route);
    const collection = await me.get('/api/sync/secrets/pull');
    expect(collection.status).toBe(404);
    errorCode(collection);
  });

  it('bad query parameters are 400 with the envelope', async () => {
    const pull = await me.get('/api/sync/messages/pull?checkpoint=%7Bnot-json');
    expect(pull.status).toBe(400);
    errorCode(pull);
    const limit = await me.get('/api/sync/messages/pull?limit=-1');
    expect(limit.status).toBe(400);
    errorCode(limit);
    const unknown = await me.get('/api/chat/rooms/?color=blue');
    expect(unknown.status).toBe(400);
    errorCode(unknown);
  });
});
