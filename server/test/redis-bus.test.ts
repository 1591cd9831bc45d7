import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servicesUnavailable, TEST_REDIS_URL } from '../../testkit/cluster';
import type { ChangeBatch } from '../src/db/store';
import type { ChangeBus } from '../src/realtime/bus';
import { createRedisBus } from '../src/realtime/redis-bus';

/**
 * The Redis bus (docs/server.md, "Between instances"): a committed batch reaches the committing
 * instance's own streams without the Redis round trip, and every other instance through Redis,
 * each exactly once. Counted, not timed. Needs Redis (`npm run services`), else skipped.
 */
const unavailable = await servicesUnavailable();
const log = pino({ level: 'silent' });

describe.skipIf(!!unavailable)(`the Redis bus${unavailable ? ` (SKIPPED: ${unavailable})` : ''}`, () => {
  const channel = `cleanchat-test-bus-${process.pid}-${Date.now()}`;
  const conns: Redis[] = [];
  let here: ChangeBus;
  let there: ChangeBus;
  beforeAll(async () => {
    conns.push(new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL));
    here = await createRedisBus(conns[0] as Redis, channel, log);
    there = await createRedisBus(conns[1] as Redis, channel, log);
  });
  afterAll(async () => {
    await Promise.all([here?.close(), there?.close()]);
    for (const c of conns) c.disconnect();
  });

  it('delivers a batch to its own instance at once and to the other through Redis, each once', async () => {
    const heard = { here: 0, there: 0 };
    here.subscribe(() => void heard.here++);
    there.subscribe(() => void heard.there++);
    const batch: ChangeBatch = { changes: [{ userId: 'u1', collection: 'messages', docId: 'm1', seq: 7 }], resyncUsers: new Set() };

    here.publish(batch);
    // Before any round trip to Redis (main: 0, the instance waited to hear its own publish back).
    expect(heard.here).toBe(1);

    // A signal published after the batch on the same connection reaches each subscriber after the batch (or its echo).
    const echoed = [here, there].map((bus) => new Promise<void>((ok) => bus.onSignal(() => ok())));
    here.signal({ kind: 'presence', userId: 'u1', online: true });
    await Promise.all(echoed);
    expect(heard).toEqual({ here: 1, there: 1 });
  });
});
