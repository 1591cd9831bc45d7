import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MessageDoc, type MessagePage, type WireDoc } from '../src/shared';
import { closeAll, errorCode, login, messageDoc, PASSWORD, register, startTestServer, type TestServer } from './helpers';
import { createJob, latest, pairWithHistory, say } from './fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

const msgPath = (m: Pick<MessageDoc, 'room_id' | 'id'>) => `/api/chat/rooms/${m.room_id}/messages/${m.id}/`;
const live = (m: MessageDoc): WireDoc<'messages'> => ({ ...m, _deleted: false });

describe('edit (PATCH and push)', () => {
  it('the sender edits: new text, edited_at from the server clock, seen by the other member', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const original = await say(client, dmRoom, 'see you at 9');
    const before = new Date().toISOString();
    const res = await client.patch<MessageDoc>(msgPath(original), { content: '  see you at 10  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: original.id, content: 'see you at 10', server_seq: original.server_seq, deleted: false });
    expect(res.body.edited_at! >= before && res.body.edited_at! <= new Date().toISOString()).toBe(true);
    const seen = latest((await cleaner.pullAll('messages')).documents).get(original.id);
    expect(seen).toMatchObject({ content: 'see you at 10', edited_at: res.body.edited_at });
    // The same text again changes nothing.
    expect((await client.patch<MessageDoc>(msgPath(original), { content: 'see you at 10' })).body.edited_at).toBe(res.body.edited_at);
  });

  it('refuses another member (403), a stranger (404), bad text (400) and a deleted message (409)', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const stranger = await register(server);
    const m = await say(client, dmRoom, 'mine');
    expect(errorCode(await cleaner.patch(msgPath(m), { content: 'hijack' }))).toBe('forbidden');
    expect(errorCode(await stranger.patch(msgPath(m), { content: 'hijack' }))).toBe('not_found');
    expect(errorCode(await client.patch(msgPath(m), { content: '   ' }))).toBe('validation_failed');
    expect(errorCode(await client.patch(msgPath(m), { content: 'x', extra: 1 }))).toBe('validation_failed');
    expect(errorCode(await client.patch(`/api/chat/rooms/${dmRoom}/messages/nope/`, { content: 'x' }))).toBe('not_found');
    await client.delete(msgPath(m));
    const late = await client.patch(msgPath(m), { content: 'too late' });
    expect(late.status).toBe(409);
    expect(errorCode(late)).toBe('message_deleted');
    const [stored] = (await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results;
    expect(stored).toMatchObject({ content: '', deleted: true });
  });

  it('two devices editing offline converge on the edit the server received last', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const laptop = client;
    const phone = await login(server, client.username, PASSWORD);
    const base = live(await say(laptop, dmRoom, 'v1'));
    // Both edited the same version while offline; the laptop's edit reaches the server first.
    expect((await laptop.push('messages', [{ newDocumentState: { ...base, content: 'laptop' }, assumedMasterState: base }])).body).toEqual([]);
    expect((await phone.push('messages', [{ newDocumentState: { ...base, content: 'phone' }, assumedMasterState: base }])).body).toEqual([]);
    for (const who of [laptop, phone, cleaner]) {
      expect(latest((await who.pullAll('messages')).documents).get(base.id)?.content, who.username).toBe('phone');
    }
    // An edit arriving after a delete loses: the delete is final, and the conflict says so.
    const gone = await phone.delete<MessageDoc>(msgPath(base));
    const stale = await laptop.push('messages', [{ newDocumentState: { ...base, content: 'laptop again' }, assumedMasterState: base }]);
    expect(stale.body).toEqual([{ ...gone.body, _deleted: false }]);
    expect(gone.body).toMatchObject({ deleted: true, content: '' });
  });

  it('a member removed from the room can no longer edit or delete their messages', async () => {
    const [client, cleaner, other] = await Promise.all([register(server, 'client'), register(server, 'cleaner'), register(server, 'cleaner')]);
    const job = await createJob(client, cleaner.id);
    const m = await say(cleaner, `job:${job.id}`, 'key under the mat');
    await client.patch(`/api/jobs/${job.id}`, { cleaner_id: other.id });
    expect(errorCode(await cleaner.patch(msgPath(m), { content: 'changed' }))).toBe('not_found');
    expect(errorCode(await cleaner.delete(msgPath(m)))).toBe('not_found');
    const pushed = await cleaner.push('messages', [{ newDocumentState: { ...live(m), content: 'changed' }, assumedMasterState: live(m) }]);
    expect(pushed.body).toHaveLength(1);
    expect(pushed.body[0]?._deleted).toBe(true);
    const [stored] = (await client.get<MessagePage>(`/api/chat/rooms/${m.room_id}/messages/`)).body.results;
    expect(stored).toMatchObject({ content: 'key under the mat', deleted: false });
  });
});

describe('delete (DELETE and push)', () => {
  it('clears the content for everyone, the room preview too; repeating it is harmless', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const m = await say(cleaner, dmRoom, 'wrong code 4321');
    const res = await cleaner.delete<MessageDoc>(msgPath(m));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.id, deleted: true, content: '', server_seq: m.server_seq, sender_id: cleaner.id });
    expect(res.body.edited_at).not.toBeNull();
    const seen = latest((await client.pullAll('messages')).documents).get(m.id);
    expect(seen).toMatchObject({ deleted: true, content: '', _deleted: false });
    const room = latest((await client.pullAll('rooms')).documents).get(dmRoom);
    expect(JSON.stringify(room)).not.toContain('4321');
    expect((await cleaner.delete<MessageDoc>(msgPath(m))).body).toEqual(res.body);
  });

  it('a pushed delete clears the content even when the pushed document still carries it', async () => {
    const { client, dmRoom } = await pairWithHistory(server, 0);
    const m = live(await say(client, dmRoom, 'secret'));
    expect((await client.push('messages', [{ newDocumentState: { ...m, deleted: true }, assumedMasterState: m }])).body).toEqual([]);
    const [stored] = (await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results;
    expect(stored).toMatchObject({ deleted: true, content: '' });
  });

  it("refuses someone else's message (403) and strangers (404)", async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const stranger = await register(server);
    const m = await say(client, dmRoom, 'keep me');
    expect(errorCode(await cleaner.delete(msgPath(m)))).toBe('forbidden');
    expect(errorCode(await stranger.delete(msgPath(m)))).toBe('not_found');
    const [stored] = (await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results;
    expect(stored).toMatchObject({ content: 'keep me', deleted: false });
  });
});

describe('reply_to_id', () => {
  it('quotes a message of the same room, by REST and push; a deleted original stays quoted', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const original = await say(client, dmRoom, 'what time?');
    const reply = await cleaner.post<MessageDoc>(`/api/chat/rooms/${dmRoom}/messages/`, { content: '9:00', reply_to_id: original.id });
    expect(reply.status).toBe(201);
    expect(reply.body.reply_to_id).toBe(original.id);
    const pushed = messageDoc(client.id, dmRoom, { content: 'ok', reply_to_id: reply.body.id });
    expect((await client.push('messages', [{ newDocumentState: pushed, assumedMasterState: null }])).body).toEqual([]);
    await client.delete(msgPath(original));
    const docs = latest((await cleaner.pullAll('messages')).documents);
    expect(docs.get(reply.body.id)?.reply_to_id).toBe(original.id);
    expect(docs.get(pushed.id)?.reply_to_id).toBe(reply.body.id);
    expect(docs.get(original.id)).toMatchObject({ deleted: true, content: '' });
  });

  it('refuses a message of another room or an unknown one, and a changed reply_to_id', async () => {
    const { client, dmRoom, jobRoom } = await pairWithHistory(server, 0);
    const elsewhere = await say(client, jobRoom, 'in the job chat');
    const rest = await client.post(`/api/chat/rooms/${dmRoom}/messages/`, { content: 'x', reply_to_id: elsewhere.id });
    expect(errorCode(rest)).toBe('validation_failed');
    for (const target of [elsewhere.id, '01900000-0000-7000-8000-000000000000']) {
      const doc = messageDoc(client.id, dmRoom, { reply_to_id: target });
      expect((await client.push('messages', [{ newDocumentState: doc, assumedMasterState: null }])).body).toEqual([{ ...doc, _deleted: true }]);
    }
    const plain = live(await say(client, dmRoom, 'plain'));
    const moved = await client.push('messages', [{ newDocumentState: { ...plain, reply_to_id: elsewhere.id }, assumedMasterState: plain }]);
    expect(moved.body).toEqual([plain]);
    expect((await client.get<MessagePage>(`/api/chat/rooms/${dmRoom}/messages/`)).body.results).toHaveLength(1);
  });
});
