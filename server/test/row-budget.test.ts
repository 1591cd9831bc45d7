import { afterAll, describe, expect, it } from 'vitest';
import type { MessagePage } from '../src/shared';
import { startDm } from './fixtures';
import { closeAll, errorCode, messageDoc, register, startTestServer, type Client } from './helpers';

afterAll(closeAll);

const rowsFor = (who: Client, roomId: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ newDocumentState: messageDoc(who.id, roomId, { content: `row ${i}` }), assumedMasterState: null }));

async function storedCount(who: Client, roomId: string): Promise<number> {
  const { documents } = await who.pullAll('messages');
  return documents.filter((d) => d.room_id === roomId && !d._deleted).length;
}

describe('writes are budgeted by rows, not requests', () => {
  it('a 500-row push costs 500 rows: past the budget a push answers 429 with Retry-After and stores nothing', async () => {
    const server = await startTestServer({ writeBudget: { rows: 100, windowMs: 60_000, burstRows: 500, burstWindowMs: 600_000 } });
    const [heavy, peer] = await Promise.all([register(server), register(server)]);
    const room = await startDm(heavy, peer);
    // startDm was one row; 99 steady rows are left, so this push is paid from the burst budget.
    expect((await heavy.push('messages', rowsFor(heavy, room, 500))).status).toBe(200);
    const refused = await heavy.push('messages', rowsFor(heavy, room, 100));
    expect(refused.status).toBe(429);
    expect(errorCode(refused)).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A refused charge is not spent: the 99 steady rows left still take a small push.
    expect((await heavy.push('messages', rowsFor(heavy, room, 99))).status).toBe(200);
    expect(await storedCount(heavy, room)).toBe(599);
    // The budget is per user.
    expect((await peer.push('messages', rowsFor(peer, room, 50))).status).toBe(200);
  });

  it('REST writes count as rows too', async () => {
    const server = await startTestServer({ writeBudget: { rows: 500, windowMs: 60_000, burstRows: 1, burstWindowMs: 600_000 } });
    const [me, peer] = await Promise.all([register(server), register(server)]);
    const room = await startDm(me, peer);
    expect((await me.push('messages', rowsFor(me, room, 498))).status).toBe(200);
    expect((await me.post(`/api/chat/rooms/${room}/messages/`, { content: 'steady' })).status).toBe(201);
    expect((await me.post(`/api/chat/rooms/${room}/messages/`, { content: 'burst' })).status).toBe(201);
    const limited = await me.post(`/api/chat/rooms/${room}/messages/`, { content: 'over' });
    expect(limited.status).toBe(429);
    expect(errorCode(limited)).toBe('rate_limited');
    const page = await me.get<MessagePage>(`/api/chat/rooms/${room}/messages/?limit=5`);
    expect(page.body.results.map((m) => m.content)).not.toContain('over');
  });

  it('with the default budget an offline queue of 3,000 rows flushes without a 429', async () => {
    const server = await startTestServer();
    const [me, peer] = await Promise.all([register(server), register(server)]);
    const room = await startDm(me, peer);
    for (let batch = 0; batch < 6; batch++) expect((await me.push('messages', rowsFor(me, room, 500))).status).toBe(200);
    expect(await storedCount(me, room)).toBe(3000);
    // 3,000 rows through PostgreSQL take seconds on a busy machine; this is about the budget, not speed.
  }, 90_000);
});

describe('per-user storage quota', () => {
  it('past the quota a write answers 403 quota_exceeded and stores nothing; replays stay free', async () => {
    const server = await startTestServer({ messageQuota: 5 });
    const [me, peer] = await Promise.all([register(server), register(server)]);
    const room = await startDm(me, peer);
    const first = rowsFor(me, room, 4);
    expect((await me.push('messages', first)).status).toBe(200);
    const over = await me.push('messages', rowsFor(me, room, 2));
    expect(over.status).toBe(403);
    expect(errorCode(over)).toBe('quota_exceeded');
    expect(await storedCount(me, room)).toBe(4);
    // The same rows again add nothing, so they are not refused.
    const replay = await me.push('messages', first);
    expect(replay.status).toBe(200);
    // Answered with the stored state (they are still pending in the pushed copy), not refused.
    expect((replay.body as Array<{ id: string; server_seq: number }>).map((d) => d.id)).toEqual(first.map((r) => r.newDocumentState.id));
    expect((replay.body as Array<{ server_seq: number }>).every((d) => d.server_seq > 0)).toBe(true);
    expect((await me.post(`/api/chat/rooms/${room}/messages/`, { content: 'fifth' })).status).toBe(201);
    const rest = await me.post(`/api/chat/rooms/${room}/messages/`, { content: 'sixth' });
    expect(rest.status).toBe(403);
    expect(errorCode(rest)).toBe('quota_exceeded');
    expect(await storedCount(me, room)).toBe(5);
    // The quota is per user.
    expect((await peer.post(`/api/chat/rooms/${room}/messages/`, { content: 'peer' })).status).toBe(201);
  });
});
