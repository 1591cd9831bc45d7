import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import { createLocalBus, type ChangeBus } from './bus';
import { createLocalPresence, createRedisPresence, type Presence } from './presence';
import { createRedisBus } from './redis-bus';

export interface Realtime {
  bus: ChangeBus;
  presence: Presence;
  /** The shared Redis connection, for limits that must hold across instances; undefined in-process. */
  redis?: Redis;
  close(): Promise<void>;
}

/**
 * The bus and presence for this instance: in-process without REDIS_URL (one server, exactly as
 * before), else Redis pub/sub and Redis presence shared by every instance with the same prefix.
 * The users a crashed instance left behind are announced offline once their entries expire.
 */
export async function connectRealtime(config: ServerConfig, log: Logger): Promise<Realtime> {
  if (!config.redisUrl) {
    const bus = createLocalBus();
    const presence = createLocalPresence();
    return { bus, presence, close: async () => {} };
  }
  // Fail at start rather than serve without the other instances: a server that cannot reach
  // Redis would show its users a world that stops at its own process.
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'redis'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`REDIS_URL: cannot connect (${(err as Error).message})`);
  }
  const bus = await createRedisBus(redis, `${config.redisPrefix}bus`, log);
  const presence = createRedisPresence(redis, {
    prefix: config.redisPrefix,
    instanceId: randomUUID(),
    ttlMs: config.presenceTtlMs,
    expired: (userIds) => {
      for (const userId of userIds) bus.signal({ kind: 'presence', userId, online: false });
    },
    log,
  });
  return {
    bus,
    presence,
    redis,
    async close() {
      await presence.close();
      await bus.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
