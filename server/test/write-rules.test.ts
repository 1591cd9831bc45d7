import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDoc, MessageDoc, MessagePage, RoomWithUnread, WireDoc } from '../src/shared';
import {
  closeAll,
  errorCode,
  messageDoc,
  newRegistration,
  register,
  request,
  startTestServer,
  type Client,
  type TestServer,
} from './helpers';
import { startDm } from './fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

const BROKEN = '9999-99-99T99:99:99.999Z';

async function pair() {
  const [a, b] = await Promise.all([register(server), register(server, 'cleaner')]);
  return { a, b, room: await startDm(a, b) };
}
const page = async (who: Client, roomId: string) =>
  (await who.get<MessagePage>(`/api/chat/rooms/${roomId}/messages/`)).body.results;
const unread = async (who: Client, roomId: string) =>
  (await who.get<RoomWithUnread>(`/api/chat/rooms/${roomId}/`)).body.unread_count;
const pushMessage = (who: Client, doc: ReturnType<typeof messageDoc>) =>
  who.push('messages', [{ newDocumentState: doc, assumedMasterState: null }]);
async function ownMembership(who: Client, roomId: string): Promise<WireDoc<'memberships'>> {
  const doc = (await who.pullAll('memberships')).documents
    .filter((m) => m.id === `${roomId}|${who.id}`)
    .at(-1);
  if (!doc) throw new Error('membership not pulled');
  return doc;
}

describe('time: strict timestamps and the server clock', () => {
  it('a pushed created_at that is not a real date (9999-99-99…) is refused with 400 and stores nothing', async () => {
    const { a, b, room } = await pair();
    const res = await pushMessage(a, messageDoc(a.id, room, { created_at: BROKEN }));
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(JSON.stringify(res.body)).toContain('created_at');
    expect(await page(b, room)).toHaveLength(0);
  });

  it('a pushed last_read_at that is not a real date is refused, one in the future is capped at the server now', async () => {
    const { a, b, room } = await pair();
    const own = await ownMembership(b, room);
    const broken = await b.push('memberships', [
      { newDocumentState: { ...own, last_read_at: BROKEN }, assumedMasterState: own },
    ]);
    expect(broken.status).toBe(400);
    const ahead = await b.push('memberships', [
      { newDocumentState: { ...own, last_read_at: '2099-01-01T00:00:00.000Z' }, assumedMasterState: own },
    ]);
    expect(ahead.status).toBe(200);
    const stored = await ownMembership(b, room);
    expect(stored.last_read_at! <= new Date().toISOString()).toBe(true);
    // A clock ahead cannot pin the marker: the next message is still unread.
    await a.post(`/api/chat/rooms/${room}/messages/`, { content: 'still news' });
    expect(await unread(b, room)).toBe(1);
  });

  it('a backdated created_at neither hides the message from unread nor sinks the room', async () => {
    const { a, b, room } = await pair();
    const other = await register(server);
    const otherRoom = await startDm(other, b);
    await a.post(`/api/chat/rooms/${room}/messages/`, { content: 'first' });
    await b.post(`/api/chat/rooms/${room}/read/`);
    await other.post(`/api/chat/rooms/${otherRoom}/messages/`, { content: 'meanwhile' });
    const before = new Date().toISOString();
    const backdated = messageDoc(a.id, room, {
      created_at: '2001-01-01T00:00:00.000Z',
      content: 'late but new',
    });
    expect((await pushMessage(a, backdated)).body).toEqual([]);

    expect(await unread(b, room)).toBe(1);
    const stored = (await page(b, room)).find((m) => m.id === backdated.id) as MessageDoc;
    expect(stored.created_at).toBe('2001-01-01T00:00:00.000Z');
    expect(stored.received_at! >= before).toBe(true);
    const list = (await b.get<RoomWithUnread[]>('/api/chat/rooms/')).body;
    expect(list[0]?.id).toBe(room);
    expect(list[0]?.last_message_time).toBe(stored.received_at);
  });

  it('REST refuses a job scheduled at a time that does not exist', async () => {
    const client = await register(server);
    const res = await client.post('/api/jobs', {
      title: 'Oven',
      address: '1 St',
      scheduled_at: '2030-02-30T10:00:00.000Z',
    });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
  });
});

describe('content: one rule for REST and push', () => {
  const emoji = '😀'.repeat(4000);

  it('4,000 emoji are accepted by REST and stored whole', async () => {
    const { a, room } = await pair();
    const res = await a.post<MessageDoc>(`/api/chat/rooms/${room}/messages/`, { content: emoji });
    expect(res.status).toBe(201);
    expect(res.body.content).toBe(emoji);
    expect((await a.post(`/api/chat/rooms/${room}/messages/`, { content: `${emoji}😀` })).status).toBe(400);
  });

  it('4,000 emoji are accepted through push (no conflict), and a replay stores nothing and is answered with the stored message', async () => {
    const { a, b, room } = await pair();
    const doc = messageDoc(a.id, room, { content: emoji });
    expect((await pushMessage(a, doc)).body).toEqual([]);
    const [stored] = await page(b, room);
    expect(stored?.content).toBe(emoji);
    expect((await pushMessage(a, doc)).body).toEqual([{ ...stored, _deleted: false }]);
    expect(await page(b, room)).toHaveLength(1);
  });

  it('a lone surrogate is refused with a clear 400 by REST and push, and nothing is stored', async () => {
    const { a, b, room } = await pair();
    const rest = await a.post(`/api/chat/rooms/${room}/messages/`, { content: 'broken \uD83D text' });
    expect(rest.status).toBe(400);
    expect(JSON.stringify(rest.body)).toContain('unpaired surrogate');
    const pushed = await pushMessage(a, messageDoc(a.id, room, { content: 'broken \uDE00 text' }));
    expect(pushed.status).toBe(400);
    expect(JSON.stringify(pushed.body)).toContain('unpaired surrogate');
    expect(await page(b, room)).toHaveLength(0);
  });

  it('content is stored in NFC, and replaying the decomposed form stores nothing and is answered with the stored message', async () => {
    const { a, b, room } = await pair();
    const doc = messageDoc(a.id, room, { content: '  cafe\u0301  ' });
    expect((await pushMessage(a, doc)).body).toEqual([]);
    const [stored] = await page(b, room);
    expect(stored?.content).toBe('caf\u00e9');
    expect((await pushMessage(a, doc)).body).toEqual([{ ...stored, _deleted: false }]);
    expect(await page(b, room)).toHaveLength(1);
  });
});

describe('names and titles', () => {
  it.each([
    ['only zero-width characters', '\u200B\u200D\uFEFF'],
    ['a NUL', 'Ann\u0000'],
    ['a bidi override', 'Ann\u202Eexe.gpj'],
    ['a bidi isolate', '\u2067Ann'],
  ])('registration refuses a first or last name with %s', async (_label, name) => {
    for (const field of ['first_name', 'last_name'] as const) {
      const body = { ...newRegistration(), [field]: name };
      const res = await request(server.url, 'POST', '/api/auth/register', { body });
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('validation_failed');
      const login = await request(server.url, 'POST', '/api/auth/login', {
        body: { username: body.username, password: body.password },
      });
      expect(login.status).toBe(401);
    }
  });

  it('job titles follow the same rule, on create and on change', async () => {
    const client = await register(server);
    const job = { title: 'Windows', address: '1 St', scheduled_at: '2030-01-01T08:00:00.000Z' };
    expect((await client.post('/api/jobs', { ...job, title: '\u200B\u200B' })).status).toBe(400);
    const created = await client.post<JobDoc>('/api/jobs', job);
    expect(created.status).toBe(201);
    expect((await client.patch(`/api/jobs/${created.body.id}`, { title: 'Win\u202Edows' })).status).toBe(400);
  });
});
