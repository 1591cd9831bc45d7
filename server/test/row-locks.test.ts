import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membershipId, type JobDoc, type WireDoc } from '../src/shared';
import { createJob, latest, startDm } from './fixtures';
import { Client, closeAll, register, startTestServers, TEST_BACKEND, type TestServer } from './helpers';

/**
 * Read-then-write under real concurrency: on PostgreSQL two instances over one database, so a
 * change of one field must never write back a stale copy of another (docs/server.md, "Storage").
 */
let servers: TestServer[];
beforeAll(async () => {
  servers = await startTestServers(2);
});
afterAll(closeAll);

const on = (user: Client, i: number) => new Client((servers[i % servers.length] as TestServer).url, user.auth);

async function own(user: Client, roomId: string): Promise<WireDoc<'memberships'>> {
  const docs = latest((await user.pullAll('memberships')).documents);
  return docs.get(membershipId(roomId, user.id)) as WireDoc<'memberships'>;
}

/** Pushes a change of the caller's membership against the state it last saw. */
async function pushOwn(user: Client, base: WireDoc<'memberships'>, change: Partial<WireDoc<'memberships'>>) {
  const res = await user.push('memberships', [{ newDocumentState: { ...base, ...change }, assumedMasterState: base }]);
  expect([res.status, res.body]).toEqual([200, []]);
}

const ROUNDS = 8;
const SENDS = 8;

describe(`concurrent changes of different fields over one ${TEST_BACKEND} database`, () => {
  it('mute and archive pushed during sends survive, and the sender keeps its read marker', async () => {
    const [a, b] = await Promise.all([register(servers[0] as TestServer), register(servers[1] as TestServer)]);
    const room = await startDm(a, b);
    const path = `/api/chat/rooms/${encodeURIComponent(room)}/messages/`;
    for (let round = 0; round < ROUNDS; round++) {
      const muted = round % 2 === 0;
      // The recipient archived and unmuted: a send un-archives it, unless the mute lands first.
      await pushOwn(on(b, 1), await own(b, room), { archived: true, muted: false });
      const [aBase, bBase] = await Promise.all([own(a, room), own(b, room)]);
      await Promise.all([
        ...Array.from({ length: SENDS }, (_, i) => on(a, i).post(path, { content: `r${round} m${i}` })),
        pushOwn(on(a, round + 1), aBase, { muted }),
        pushOwn(on(b, round + 1), bBase, { muted: true }),
      ]);
      const [aNow, bNow] = await Promise.all([own(a, room), own(b, room)]);
      expect(aNow.muted).toBe(muted);
      expect(bNow.muted).toBe(true);
      const received = (await a.get<{ results: Array<{ received_at: string }> }>(path)).body.results.map((m) => m.received_at);
      expect(aNow.last_read_at).toBe(received.sort().at(-1));
    }
  });

  it('PATCHes of different job fields on both instances at once all land', async () => {
    const client = await register(servers[0] as TestServer);
    const job = await createJob(client);
    for (let round = 0; round < ROUNDS; round++) {
      const change = {
        title: `Title ${round}`,
        address: `${round} Road`,
        scheduled_at: new Date(Date.UTC(2031, 0, round + 1)).toISOString(),
      };
      const replies = await Promise.all(
        Object.entries(change).map(([field, value], i) => on(client, round + i).patch(`/api/jobs/${job.id}`, { [field]: value })),
      );
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
      const now = (await on(client, round).get<JobDoc>(`/api/jobs/${job.id}`)).body;
      expect({ title: now.title, address: now.address, scheduled_at: now.scheduled_at }).toEqual(change);
    }
  });
});
