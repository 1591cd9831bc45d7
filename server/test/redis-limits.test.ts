import { beforeAll, describe, expect, it } from 'vitest';
import type { SseReader } from '../../testkit/sse';
import { useTwoInstances, via, type Instance } from './cluster';
import { errorCode, register, request } from './helpers';

/**
 * With REDIS_URL the limits are one limit for the deployment, not one per instance: a client
 * spreading requests over instances gets no more than from one. Needs PostgreSQL and Redis
 * (`npm run services`; .ci/run starts them); skipped, saying so, without.
 */
const REQUESTS = 12;
const STREAMS = 2;
const setup = await useTwoInstances('server/test/redis-limits.test.ts', {
  rateLimit: { windowMs: 60_000, max: REQUESTS },
  streamsPerUser: STREAMS,
});
const { unavailable } = setup;
let a: Instance;
let b: Instance;
beforeAll(() => void ({ a, b } = setup));

describe.skipIf(!!unavailable)(
  `limits shared by instances${unavailable ? ` (SKIPPED: ${unavailable})` : ''}`,
  () => {
    it('the per-user request limit counts requests on every instance together', async () => {
      const alice = await register(a);
      const statuses: number[] = [];
      for (let i = 0; i < REQUESTS + 2; i++)
        statuses.push((await via(alice, i % 2 ? a : b).get('/api/auth/me')).status);
      expect(statuses.slice(0, REQUESTS)).toEqual(Array<number>(REQUESTS).fill(200));
      expect(statuses.slice(REQUESTS)).toEqual([429, 429]);
    });

    it('the stream cap counts streams on every instance; closing one anywhere makes room', async () => {
      const alice = await register(a);
      const onA: SseReader = await via(alice, a).stream();
      const onB: SseReader = await via(alice, b).stream();
      const refused = await request(a.url, 'GET', '/api/sync/stream', { token: alice.token });
      expect([refused.status, errorCode(refused)]).toEqual([429, 'too_many_streams']);
      onB.close();
      // The slot is given back once instance B sees the stream go; poll until it has.
      let again: SseReader | undefined;
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        const s = await via(alice, a).stream();
        if (s.status === 200) {
          again = s;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(again?.status).toBe(200);
      again?.close();
      onA.close();
    });
  },
);
