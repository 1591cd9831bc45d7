import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Who holds a stream open, on any instance. The hub tells it when a user's first stream on this
 * instance opens and their last one closes; it answers whether that changed the user's presence
 * as others see it.
 */
export interface Presence {
  /** Resolves true when the user was offline everywhere before. */
  join(userId: string): Promise<boolean>;
  /** Resolves true when no instance holds a stream of the user any more. */
  leave(userId: string): Promise<boolean>;
  /** The subset of these users online anywhere. */
  online(userIds: string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

/** One process: presence is this instance's own streams. */
export function createLocalPresence(): Presence {
  const here = new Set<string>();
  return {
    join: async (userId) => (here.add(userId), true),
    leave: async (userId) => here.delete(userId),
    online: async (userIds) => new Set(userIds.filter((id) => here.has(id))),
    close: async () => here.clear(),
  };
}

// Times come from Redis (TIME) so that instances on machines whose clocks differ agree on expiry.
const NOW = `local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)`;
/** KEYS: all, userKey. ARGV: instance, user, ttlMs. Returns live entries of the user before. */
const JOIN = `${NOW}
local before = redis.call('ZCOUNT', KEYS[2], now, '+inf')
redis.call('ZADD', KEYS[2], now + ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[1], now + ARGV[3], ARGV[1] .. '|' .. ARGV[2])
return before`;
/** KEYS: all, userKey. ARGV: instance, user. Returns live entries of the user after. */
const LEAVE = `${NOW}
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1] .. '|' .. ARGV[2])
return redis.call('ZCOUNT', KEYS[2], now, '+inf')`;
/** KEYS: all. ARGV: instance, ttlMs, userKeyPrefix, users… Renews this instance's entries. */
const REFRESH = `${NOW}
for i = 4, #ARGV do
  redis.call('ZADD', ARGV[3] .. ARGV[i], now + ARGV[2], ARGV[1])
  redis.call('ZADD', KEYS[1], now + ARGV[2], ARGV[1] .. '|' .. ARGV[i])
end`;
/**
 * KEYS: all. ARGV: userKeyPrefix. Removes expired entries (a crashed or stopped instance's) and
 * returns the users that left offline. Atomic, so exactly one sweeping instance reports each.
 */
const SWEEP = `${NOW}
local gone, seen = {}, {}
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now, 'LIMIT', 0, 1000)) do
  redis.call('ZREM', KEYS[1], m)
  local sep = string.find(m, '|', 1, true)
  local user = string.sub(m, sep + 1)
  local key = ARGV[1] .. user
  redis.call('ZREM', key, string.sub(m, 1, sep - 1))
  if not seen[user] and redis.call('ZCOUNT', key, now, '+inf') == 0 then
    seen[user] = true
    table.insert(gone, user)
  end
end
return gone`;
/** ARGV: userKeyPrefix, users… Returns the ones with a live entry. */
const ONLINE = `${NOW}
local live = {}
for i = 2, #ARGV do
  if redis.call('ZCOUNT', ARGV[1] .. ARGV[i], now, '+inf') > 0 then table.insert(live, ARGV[i]) end
end
return live`;

export interface RedisPresenceOptions {
  prefix: string;
  instanceId: string;
  /** An entry not renewed for this long is offline: the bound on a crashed instance's ghosts. */
  ttlMs: number;
  /** Users whose entries expired and who are now offline everywhere. */
  expired(userIds: string[]): void;
  log: Logger;
}

/**
 * Presence in Redis: one entry per (instance, user) with an expiry, renewed every third of the
 * TTL while the instance lives. Every instance sweeps expired entries, so the users of an instance
 * that crashed, or stopped without saying so, go offline within about one TTL.
 */
export function createRedisPresence(redis: Redis, o: RedisPresenceOptions): Presence {
  const all = `${o.prefix}presence`;
  const userKey = `${o.prefix}online:`;
  const here = new Set<string>();
  const tick = async () => {
    if (here.size > 0) await redis.eval(REFRESH, 1, all, o.instanceId, o.ttlMs, userKey, ...here);
    const gone = (await redis.eval(SWEEP, 1, all, userKey)) as string[];
    if (gone.length > 0) o.expired(gone);
  };
  const timer = setInterval(
    () => {
      tick().catch((err: unknown) => o.log.warn({ err }, 'presence renewal failed'));
    },
    Math.max(50, Math.floor(o.ttlMs / 3)),
  );
  timer.unref();
  return {
    async join(userId) {
      here.add(userId);
      return Number(await redis.eval(JOIN, 2, all, userKey + userId, o.instanceId, userId, o.ttlMs)) === 0;
    },
    async leave(userId) {
      here.delete(userId);
      return Number(await redis.eval(LEAVE, 2, all, userKey + userId, o.instanceId, userId)) === 0;
    },
    async online(userIds) {
      if (userIds.length === 0) return new Set();
      return new Set((await redis.eval(ONLINE, 0, userKey, ...userIds)) as string[]);
    },
    // Entries are left to expire: a client of a stopping instance reconnects to another one within
    // the TTL, and then nobody sees it flicker offline and back.
    async close() {
      clearInterval(timer);
      here.clear();
    },
  };
}
