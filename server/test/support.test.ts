import { describe, expect, it } from 'vitest';
import { newId, type MessageDoc, type RoomDoc, type SupportQueueItem, type SupportRequestResponse } from '../src/shared';
import { errorCode, register, type Client } from './helpers';
import { createJob, latest } from './fixtures';
import { startStaffServer } from './staff';

const server = await startStaffServer();
// Every support account is in every support room: one set of staff for the whole file.
const sam = await server.staff('support', 'Sam');
const sue = await server.staff('support', 'Sue');

const ask = (who: Client, body: { job_id?: string; content: string }) => who.post<SupportRequestResponse>('/api/support/', body);
const queue = async (who: Client, status = 'open') => (await who.call<SupportQueueItem[]>('GET', `/api/support/?status=${status}`));
const resolve = (who: Client, roomId: string) => who.post<RoomDoc>(`/api/support/${roomId}/resolve/`);

describe('support rooms (SPEC §10)', () => {
  it('open with the requester and every support user, status open; the question is the first message', async () => {
    const carol = await register(server, 'client', 'Carol');
    const res = await ask(carol, { content: 'How do I change my booking?' });
    expect(res.status).toBe(201);
    expect(res.body.room).toMatchObject({ room_type: 'support', status: 'open', created_by: carol.id, job_id: null });
    expect(res.body.room.participant_ids).toEqual([carol.id, sam.id, sue.id].sort());
    expect(res.body.message).toMatchObject({ sender_id: carol.id, content: 'How do I change my booking?', kind: 'text' });
    const pulled = latest((await sue.pullAll('messages')).documents);
    expect(pulled.get(res.body.message.id)?.content).toBe('How do I change my booking?');
  });

  it("reuse the requester's open room for the same job, and only for it; support sees the job asked about", async () => {
    const [carol, bob] = [await register(server, 'client', 'Carol'), await register(server, 'cleaner', 'Bob')];
    const job = await createJob(carol, bob.id);
    const first = await ask(carol, { job_id: job.id, content: 'The cleaner has not arrived' });
    const again = await ask(carol, { job_id: job.id, content: 'Still waiting' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.room.id).toBe(first.body.room.id);
    expect(again.body.room.job_id).toBe(job.id);
    const general = await ask(carol, { content: 'Something else' });
    expect(general.body.room.id).not.toBe(first.body.room.id);
    expect(latest((await sam.pullAll('jobs')).documents).get(job.id)).toMatchObject({ title: job.title, _deleted: false });
    // Support sees the job; it cannot change it.
    expect((await sam.patch(`/api/jobs/${job.id}`, { status: 'cancelled' })).status).toBe(403);
  });

  it("refuse a job that is not the caller's, and bad content; nothing is stored", async () => {
    const [carol, alice] = [await register(server, 'client', 'Carol'), await register(server, 'client', 'Alice')];
    const job = await createJob(alice);
    const foreign = await ask(carol, { job_id: job.id, content: 'help' });
    expect([foreign.status, errorCode(foreign)]).toEqual([404, 'not_found']);
    const empty = await ask(carol, { content: '   ' });
    expect([empty.status, errorCode(empty)]).toEqual([400, 'validation_failed']);
    expect(await carol.rooms()).toEqual([]);
  });

  it('the queue is for support only, lists open rooms longest waiting first, and an answered room after them', async () => {
    const [ann, ben, cat] = [await register(server, 'client', 'Ann'), await register(server, 'client', 'Ben'), await register(server, 'client', 'Cat')];
    const a = (await ask(ann, { content: 'first in line' })).body;
    const b = (await ask(ben, { content: 'second in line' })).body;
    const c = (await ask(cat, { content: 'third in line' })).body;
    await sam.send(a.room.id, 'Looking into it');
    const mine = (await queue(sam)).filter((r) => [a.room.id, b.room.id, c.room.id].includes(r.id));
    expect(mine.map((r) => r.id)).toEqual([b.room.id, c.room.id, a.room.id]);
    expect(mine[0]).toMatchObject({ waiting_since: b.message.received_at, requester: { id: ben.id, first_name: 'Ben' } });
    expect(mine[0]).not.toHaveProperty('requester.email');
    expect(mine[2]?.waiting_since).toBeNull();
    // The requester writing again after the answer waits from that message on.
    const more = await ann.send(a.room.id, 'any news?');
    expect((await queue(sam)).find((r) => r.id === a.room.id)?.waiting_since).toBe(more.received_at);

    const refused = await ann.get('/api/support/?status=open');
    expect([refused.status, errorCode(refused)]).toEqual([403, 'forbidden']);
  });

  it('resolving takes a room out of the queue; a new message from the requester re-opens it', async () => {
    const carol = await register(server, 'client', 'Carol');
    const { room } = (await ask(carol, { content: 'My invoice is wrong' })).body;
    await sam.send(room.id, 'Fixed, sorry about that');
    const resolved = await resolve(sam, room.id);
    expect([resolved.status, resolved.body.status]).toEqual([200, 'resolved']);
    expect((await queue(sue)).map((r) => r.id)).not.toContain(room.id);
    expect((await queue(sue, 'resolved')).map((r) => r.id)).toContain(room.id);
    const notices = (await carol.messages(room.id)).filter((m: MessageDoc) => m.kind === 'system').map((m) => m.content);
    expect(notices).toEqual(['Sam marked this resolved']);
    // Support writing again does not re-open it; the requester does.
    await sue.send(room.id, 'Anything else?');
    expect((await carol.call<RoomDoc>('GET', `/api/chat/rooms/${room.id}/`)).status).toBe('resolved');
    await carol.send(room.id, 'Actually, one more thing');
    expect((await carol.call<RoomDoc>('GET', `/api/chat/rooms/${room.id}/`)).status).toBe('open');
    expect((await queue(sam)).map((r) => r.id)).toContain(room.id);
    // …and a pushed message re-opens it too.
    await resolve(sam, room.id);
    const doc = { id: newId(), room_id: room.id, sender_id: carol.id, content: 'and another', kind: 'text' as const, created_at: new Date().toISOString(), server_seq: 0, received_at: null, edited_at: null, deleted: false, attachment: null, location: null, reply_to_id: null, album_id: null, _deleted: false };
    expect((await carol.push('messages', [{ newDocumentState: doc, assumedMasterState: null }])).body).toEqual([]);
    expect(latest((await sam.pullAll('rooms')).documents).get(room.id)?.status).toBe('open');
  });

  it('only support resolves, and only support rooms', async () => {
    const [carol, dan, eve] = [await register(server, 'client', 'Carol'), await register(server, 'client', 'Dan'), await register(server, 'client', 'Eve')];
    const { room } = (await ask(carol, { content: 'help' })).body;
    const byRequester = await resolve(carol, room.id);
    expect([byRequester.status, errorCode(byRequester)]).toEqual([403, 'forbidden']);
    const group = await carol.call<RoomDoc>('POST', '/api/chat/rooms/', { room_type: 'group', name: 'G', participant_ids: [dan.id, eve.id, sam.id] });
    const onGroup = await resolve(sam, group.id);
    expect([onGroup.status, errorCode(onGroup)]).toEqual([409, 'room_type_not_allowed']);
  });

  it('a support account made later joins the open support rooms', async () => {
    const carol = await register(server, 'client', 'Carol');
    const { room } = (await ask(carol, { content: 'anyone there?' })).body;
    const zed = await server.staff('support', 'Zed');
    expect((await queue(zed)).map((r) => r.id)).toContain(room.id);
    expect((await zed.messages(room.id)).map((m) => m.content)).toContain('anyone there?');
  });
});
