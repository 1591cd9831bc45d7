import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactionId, type MessageDoc, type ReactionDoc, type WireDoc } from '../src/shared';
import { closeAll, disconnect, errorCode, register, startTestServer, type Client, type TestServer } from './helpers';
import { assertSchema, createJob, latest, pairWithHistory, say, startDm } from './fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

const reactionPath = (m: Pick<MessageDoc, 'room_id' | 'id'>) => `/api/chat/rooms/${m.room_id}/messages/${m.id}/reaction/`;
const reactionsOf = async (who: Client) => {
  const { documents } = await who.pullAll('reactions');
  assertSchema('reactions', documents);
  return latest(documents);
};
function reactionDoc(who: Client, m: MessageDoc, emoji: string): WireDoc<'reactions'> {
  return { id: reactionId(m.id, who.id), message_id: m.id, room_id: m.room_id, user_id: who.id, emoji, updated_at: new Date().toISOString(), _deleted: false };
}

describe('reactions by REST', () => {
  it('one per person per message: set, change, remove (a deleted document for everyone), add again', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const m = await say(client, dmRoom, 'done!');
    const put = await cleaner.put<ReactionDoc>(reactionPath(m), { emoji: '👍' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: `${m.id}|${cleaner.id}`, message_id: m.id, room_id: dmRoom, user_id: cleaner.id, emoji: '👍' });
    expect((await reactionsOf(client)).get(put.body.id)).toMatchObject({ emoji: '👍', _deleted: false });

    await cleaner.put(reactionPath(m), { emoji: '❤️' });
    const mine = await client.put<ReactionDoc>(reactionPath(m), { emoji: '❤️' });
    const seen = await reactionsOf(client);
    expect([...seen.values()].filter((r) => !r._deleted).map((r) => [r.user_id, r.emoji]).sort()).toEqual(
      [[client.id, '❤️'], [cleaner.id, '❤️']].sort(),
    );

    // DELETE with another emoji than the stored one leaves it; without one it removes whatever it is.
    expect((await cleaner.delete(reactionPath(m), { emoji: '😂' })).status).toBe(204);
    expect((await reactionsOf(client)).get(put.body.id)?._deleted).toBe(false);
    expect((await cleaner.delete(reactionPath(m))).status).toBe(204);
    expect((await reactionsOf(client)).get(put.body.id)).toMatchObject({ _deleted: true });
    expect((await reactionsOf(client)).get(mine.body.id)).toMatchObject({ _deleted: false });
    expect((await cleaner.delete(reactionPath(m))).status).toBe(204);

    await cleaner.put(reactionPath(m), { emoji: '🙏' });
    expect((await reactionsOf(client)).get(put.body.id)).toMatchObject({ emoji: '🙏', _deleted: false });
  });

  it('accepts exactly one emoji', async () => {
    const { client, dmRoom } = await pairWithHistory(server, 0);
    const m = await say(client, dmRoom);
    for (const ok of ['✅', '🇫🇷', '👩‍👩‍👧', '👍🏽', '1️⃣']) expect((await client.put(reactionPath(m), { emoji: ok })).status, ok).toBe(200);
    for (const bad of ['', 'a', '👍👍', 'ok', '👍 ', 'x'.repeat(40), '\uD83D']) {
      expect(errorCode(await client.put(reactionPath(m), { emoji: bad })), JSON.stringify(bad)).toBe('validation_failed');
    }
    expect(errorCode(await client.put(reactionPath(m), { emoji: '👍', extra: true }))).toBe('validation_failed');
    expect((await reactionsOf(client)).get(reactionId(m.id, client.id))?.emoji).toBe('1️⃣');
  });

  it('refuses strangers, a message of another room, and a deleted message', async () => {
    const { client, cleaner, dmRoom, jobRoom } = await pairWithHistory(server, 0);
    const stranger = await register(server);
    const m = await say(client, dmRoom);
    expect(errorCode(await stranger.put(reactionPath(m), { emoji: '👍' }))).toBe('not_found');
    expect(errorCode(await stranger.delete(reactionPath(m)))).toBe('not_found');
    expect(errorCode(await cleaner.put(`/api/chat/rooms/${jobRoom}/messages/${m.id}/reaction/`, { emoji: '👍' }))).toBe('not_found');
    await client.delete(`/api/chat/rooms/${dmRoom}/messages/${m.id}/`);
    expect(errorCode(await cleaner.put(reactionPath(m), { emoji: '👍' }))).toBe('message_deleted');
    expect((await reactionsOf(client)).size).toBe(0);
    expect((await reactionsOf(stranger)).size).toBe(0);
  });
});

describe('reactions by push', () => {
  it('own reactions only, in rooms one is in; a deleted document removes it', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const stranger = await register(server);
    const m = await say(client, dmRoom);
    const doc = reactionDoc(cleaner, m, '😮');
    expect((await cleaner.push('reactions', [{ newDocumentState: doc, assumedMasterState: null }])).body).toEqual([]);
    expect((await cleaner.push('reactions', [{ newDocumentState: doc, assumedMasterState: null }])).body).toEqual([]);
    const stored = (await reactionsOf(client)).get(doc.id);
    expect(stored).toMatchObject({ emoji: '😮', _deleted: false });

    // As someone else: the server's state comes back (the caller may read it) and nothing changes.
    const forged = { ...doc, emoji: '👎' };
    expect((await client.push('reactions', [{ newDocumentState: forged, assumedMasterState: null }])).body).toEqual([stored]);
    const wrongId = { ...reactionDoc(client, m, '👍'), id: `${m.id}|someone` };
    expect((await client.push('reactions', [{ newDocumentState: wrongId, assumedMasterState: null }])).body).toEqual([{ ...wrongId, _deleted: true }]);
    const intruder = reactionDoc(stranger, m, '👍');
    expect((await stranger.push('reactions', [{ newDocumentState: intruder, assumedMasterState: null }])).body).toEqual([{ ...intruder, _deleted: true }]);
    const badEmoji = reactionDoc(client, m, 'no');
    expect((await client.push('reactions', [{ newDocumentState: badEmoji, assumedMasterState: null }])).body).toEqual([{ ...badEmoji, _deleted: true }]);

    const removal = { ...doc, _deleted: true };
    expect((await cleaner.push('reactions', [{ newDocumentState: removal, assumedMasterState: stored ?? null }])).body).toEqual([]);
    const after = await reactionsOf(client);
    expect(after.get(doc.id)?._deleted).toBe(true);
    expect([...after.values()].filter((r) => !r._deleted)).toEqual([]);
    expect((await reactionsOf(stranger)).size).toBe(0);
  });
});

describe('reactions follow the room', () => {
  it('a cleaner assigned later receives them; one taken off the job gets them purged, blanked', async () => {
    const [client, first, second] = await Promise.all([register(server, 'client'), register(server, 'cleaner'), register(server, 'cleaner')]);
    const job = await createJob(client, first.id);
    const m = await say(client, `job:${job.id}`, 'photos?');
    await first.put(reactionPath(m), { emoji: '👍' });
    await client.put(reactionPath(m), { emoji: '🙏' });
    const held = await reactionsOf(first);
    expect([...held.values()].filter((r) => !r._deleted)).toHaveLength(2);

    await client.patch(`/api/jobs/${job.id}`, { cleaner_id: second.id });
    const gained = await reactionsOf(second);
    expect([...gained.values()].map((r) => [r.user_id, r.emoji, r._deleted]).sort()).toEqual(
      [[client.id, '🙏', false], [first.id, '👍', false]].sort(),
    );
    const lost = await reactionsOf(first);
    for (const r of lost.values()) expect(r).toMatchObject({ _deleted: true, emoji: '' });
    // After losing the room: no reaction by REST or push, and nothing new reaches them.
    expect(errorCode(await first.put(reactionPath(m), { emoji: '😂' }))).toBe('not_found');
    const late = reactionDoc(first, m, '😂');
    expect((await first.push('reactions', [{ newDocumentState: late, assumedMasterState: null }])).body).toEqual([{ ...late, _deleted: true }]);
    await second.put(reactionPath(m), { emoji: '✅' });
    expect(JSON.stringify([...(await reactionsOf(first)).values()])).not.toContain('✅');
  });
});

describe('reactions on the stream', () => {
  it('reach the room members as they are set and removed, and nobody else', async () => {
    const { client, cleaner, dmRoom } = await pairWithHistory(server, 0);
    const stranger = await register(server);
    const m = await say(client, dmRoom, 'stream me');
    const [sc, ss] = await Promise.all([client.stream(), stranger.stream()]);
    const put = await cleaner.put<ReactionDoc>(reactionPath(m), { emoji: '❤️' });
    const added = await sc.nextChange('reactions', (r) => r.id === put.body.id && !r._deleted);
    expect(added.documents.find((r) => r.id === put.body.id)).toMatchObject({ emoji: '❤️', user_id: cleaner.id });
    await cleaner.delete(reactionPath(m));
    const removed = await sc.nextChange('reactions', (r) => r.id === put.body.id && r._deleted);
    assertSchema('reactions', removed.documents);
    // The stranger's stream, ordered like every stream, has seen its own later event and nothing of the room's.
    const own = await say(stranger, await startDm(stranger, client), 'sentinel');
    await ss.nextChange('messages', (x) => x.id === own.id);
    expect(JSON.stringify(ss.events)).not.toContain(put.body.id);
    await disconnect(cleaner, { reader: sc, owner: client });
    await disconnect(client, { reader: ss, owner: stranger });
  });
});
