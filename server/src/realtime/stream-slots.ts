import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The per-user cap on open streams, counted over every instance. `take` reserves a slot (or
 * answers null when the user already holds `cap`); the returned function gives it back.
 */
export interface StreamSlots {
  take(userId: string, cap: number): Promise<(() => void) | null>;
  /** Gives back every slot this instance holds (a clean stop; a crash leaves them to expire). */
  close(): Promise<void>;
}

export function createLocalSlots(): StreamSlots {
  const open = new Map<string, number>();
  return {
    async take(userId, cap) {
      const n = open.get(userId) ?? 0;
      if (n >= cap) return null;
      open.set(userId, n + 1);
      let given = false;
      return () => {
        if (given) return;
        given = true;
        const left = (open.get(userId) ?? 1) - 1;
        if (left > 0) open.set(userId, left);
        else open.delete(userId);
      };
    },
    close: async () => open.clear(),
  };
}

const NOW = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;
/** KEYS: the user's slots. ARGV: slot id, cap, ttlMs. 1 when taken. */
const TAKE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;
/** KEYS: the users' slot sets, ARGV: ttlMs, then one slot id per key. Renews live slots only. */
const RENEW = `${NOW}
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'XX', now + ARGV[1], ARGV[i + 1])
  redis.call('PEXPIRE', KEYS[i], ARGV[1])
end`;

/**
 * Slots in Redis: one sorted set per user of slot ids scored by expiry, renewed while this
 * instance lives, so a crashed instance's slots free themselves within `ttlMs`.
 */
export function createRedisSlots(redis: Redis, prefix: string, ttlMs: number, log: Logger): StreamSlots {
  const key = (userId: string) => `${prefix}streams:${userId}`;
  const held = new Map<string, string>(); // slot id → user id
  const timer = setInterval(
    () => {
      if (held.size === 0) return;
      const entries = [...held];
      redis
        .eval(
          RENEW,
          entries.length,
          ...entries.map(([, userId]) => key(userId)),
          ttlMs,
          ...entries.map(([slot]) => slot),
        )
        .catch((err: unknown) => log.warn({ err }, 'stream slot renewal failed'));
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    async take(userId, cap) {
      const slot = randomUUID();
      if (Number(await redis.eval(TAKE, 1, key(userId), slot, cap, ttlMs)) !== 1) return null;
      held.set(slot, userId);
      return () => {
        if (!held.delete(slot)) return;
        redis
          .zrem(key(userId), slot)
          .catch((err: unknown) => log.warn({ err }, 'stream slot release failed'));
      };
    },
    async close() {
      clearInterval(timer);
      const entries = [...held];
      held.clear();
      await Promise.all(entries.map(([slot, userId]) => redis.zrem(key(userId), slot))).catch(() => {});
    },
  };
}
