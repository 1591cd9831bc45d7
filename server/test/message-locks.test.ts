import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageDoc } from '../src/shared';
import { startDm } from './fixtures';
import { Client, closeAll, register, startTestServers, TEST_BACKEND, type TestServer } from './helpers';

/**
 * An edit and a delete of one message at the same moment, on two instances over one database:
 * whichever comes first, the message ends deleted. An edit that read the message before the
 * delete committed must not write its stale copy back over it (docs/server.md, "Storage").
 */
let servers: TestServer[];
beforeAll(async () => {
  servers = await startTestServers(2);
});
afterAll(closeAll);

const on = (user: Client, i: number) => new Client((servers[i % servers.length] as TestServer).url, user.auth);
const ROUNDS = 12;

describe(`an edit racing a delete over one ${TEST_BACKEND} database`, () => {
  it('the message always ends deleted, with nothing of the edit left', async () => {
    const [a, b] = await Promise.all([register(servers[0] as TestServer), register(servers[1] as TestServer)]);
    const room = await startDm(a, b);
    const path = `/api/chat/rooms/${encodeURIComponent(room)}/messages/`;
    for (let round = 0; round < ROUNDS; round++) {
      const sent = await a.post<MessageDoc>(path, { content: `original ${round}` });
      expect(sent.status).toBe(201);
      const one = `${path}${sent.body.id}/`;
      const [edit, del] = await Promise.all([
        on(a, round).patch(one, { content: `edited ${round}` }),
        on(a, round + 1).delete(one),
      ]);
      expect(del.status).toBe(200);
      // Before the delete the edit lands (and is then cleared); after it, it is refused.
      expect([200, 409]).toContain(edit.status);
      const stored = (await b.get<{ results: MessageDoc[] }>(path)).body.results.find((m) => m.id === sent.body.id);
      expect({ deleted: stored?.deleted, content: stored?.content }).toEqual({ deleted: true, content: '' });
    }
  });
});
