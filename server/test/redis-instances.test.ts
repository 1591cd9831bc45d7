import { beforeAll, describe, expect, it } from 'vitest';
import type { PresenceEvent, TypingEvent } from '../src/shared';
import { dataOf, isEvent, type SseReader } from '../../testkit/sse';
import { useTwoInstances, via, type Cluster, type Instance } from './cluster';
import { say, startDm } from './fixtures';
import type { Client} from './helpers';
import { register } from './helpers';

/**
 * Several instances on one PostgreSQL database and one Redis (SPEC §11): what a user does on one
 * instance reaches the streams held on another. Needs both services (`npm run services`; .ci/run
 * starts them); without them the suite says so and is skipped.
 */
const setup = await useTwoInstances('server/test/redis-instances.test.ts');
const { unavailable } = setup;
let cluster: Cluster;
let a: Instance;
let b: Instance;
beforeAll(() => void ({ cluster, a, b } = setup));

const presenceOf = (userId: string, online: boolean) => (e: { event?: string; data: string }) =>
  isEvent('presence')(e) &&
  dataOf<PresenceEvent>(e).user_id === userId &&
  dataOf<PresenceEvent>(e).online === online;

/** Polls a search until it shows `target` online or offline, as seen from `observer`'s instance. */
async function seenOnline(observer: Client, target: Client): Promise<boolean | null> {
  const res = await observer.get<Array<{ id: string; is_online: boolean | null }>>(
    `/api/auth/users/search/?q=${encodeURIComponent(target.username)}`,
  );
  return res.body.find((u) => u.id === target.id)?.is_online ?? null;
}

describe.skipIf(!!unavailable)(
  `instances sharing PostgreSQL and Redis${unavailable ? ` (SKIPPED: ${unavailable})` : ''}`,
  () => {
    it('a message posted on A arrives on a stream opened on B', async () => {
      const alice = await register(a);
      const bob = via(await register(a), b);
      const room = await startDm(alice, bob);
      const stream = await bob.stream();
      const msg = await say(alice, room, 'across instances');
      const change = await stream.nextChange('messages', (m) => m.id === msg.id);
      expect(change.documents).toEqual([{ ...msg, _deleted: false }]);
      stream.close();
    });

    it('typing on A reaches the other participant streaming on B', async () => {
      const alice = await register(a);
      const bob = via(await register(b), b);
      const room = await startDm(alice, bob);
      const stream = await bob.stream();
      expect((await alice.post(`/api/chat/rooms/${room}/typing/`)).status).toBe(204);
      const typing = dataOf<TypingEvent>(await stream.next(isEvent('typing')));
      expect([typing.room_id, typing.user_id]).toEqual([room, alice.id]);
      stream.close();
    });

    it('presence crosses: online and offline on A are seen live on B, and by search on B', async () => {
      const alice = await register(a);
      const bob = via(await register(b), b);
      await startDm(alice, bob);
      const bobs = await bob.stream();
      const alices = await alice.stream();
      await bobs.next(presenceOf(alice.id, true));
      // The newcomer hears who was online already, on whichever instance.
      await alices.next(presenceOf(bob.id, true));
      expect(await seenOnline(bob, alice)).toBe(true);
      alices.close();
      await bobs.next(presenceOf(alice.id, false));
      expect(await seenOnline(bob, alice)).toBe(false);
      bobs.close();
    });

    it('a user streaming on two instances stays online until both streams close', async () => {
      const alice = await register(a);
      const bob = via(await register(b), b);
      await startDm(alice, bob);
      const bobs = await bob.stream();
      const onA = await alice.stream();
      await bobs.next(presenceOf(alice.id, true));
      const onB = await via(alice, b).stream();
      await onB.next(presenceOf(bob.id, true));
      onA.close();
      const last = await say(via(alice, b), await startDm(alice, bob), 'still here');
      // The stream delivers in order: had "offline" been sent, it would come before this message.
      await bobs.nextChange('messages', (m) => m.id === last.id);
      expect(bobs.events.some(presenceOf(alice.id, false))).toBe(false);
      onB.close();
      await bobs.next(presenceOf(alice.id, false));
      bobs.close();
    });

    it("logout on A ends the session's stream on B", async () => {
      const alice = await register(a);
      const stream = await via(alice, b).stream();
      expect((await alice.post('/api/auth/logout', { refresh_token: alice.auth.refresh_token })).status).toBe(
        204,
      );
      await stream.whenEnded();
    });

    it('the users of a crashed instance go offline within the presence TTL', async () => {
      const crashing = await cluster.spawn();
      const alice = await register(crashing);
      const bob = via(await register(a), a);
      await startDm(alice, bob);
      const bobs = await bob.stream();
      const alices: SseReader = await alice.stream();
      await bobs.next(presenceOf(alice.id, true));
      await crashing.kill?.();
      await alices.whenEnded();
      // No clean shutdown ran: only the expired entry in Redis can tell the others.
      await bobs.next(presenceOf(alice.id, false));
      expect(await seenOnline(bob, alice)).toBe(false);
      bobs.close();
    });
  },
);
