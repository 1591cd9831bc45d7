import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clampCreatedAt, dmRoomId, type MessagePage } from '../src/shared';
import { closeAll, messageDoc, register, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

describe('client clocks', () => {
  it('keeps a client time in the past or slightly ahead, pulls a far-future one back to now', () => {
    const now = '2026-01-01T12:00:00.000Z';
    expect(clampCreatedAt('2025-12-31T08:00:00.000Z', now)).toBe('2025-12-31T08:00:00.000Z');
    expect(clampCreatedAt('2026-01-01T12:04:00.000Z', now)).toBe('2026-01-01T12:04:00.000Z');
    expect(clampCreatedAt('2099-01-01T00:00:00.000Z', now)).toBe(now);
  });

  it('a pushed message stamped in the far future is stored at the server time, so it cannot pin a room', async () => {
    const a = await register(server);
    const b = await register(server, 'cleaner');
    const roomId = dmRoomId(a.id, b.id);
    const before = new Date().toISOString();
    const doc = messageDoc(a.id, roomId, { created_at: '2099-01-01T00:00:00.000Z' });
    const reply = await a.push('messages', [{ newDocumentState: doc, assumedMasterState: null }]);
    expect(reply.status).toBe(200);
    const page = await b.get<MessagePage>(`/api/chat/rooms/${roomId}/messages/`);
    const stored = page.body.results.find((m) => m.id === doc.id);
    expect(stored?.created_at).not.toBe('2099-01-01T00:00:00.000Z');
    expect(stored && stored.created_at >= before).toBe(true);
  });
});
