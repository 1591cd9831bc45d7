import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { WriteBudgetConfig } from '../config';
import type { SharedStore } from '../middleware';
import { retryLater } from '../errors';

const seconds = (ms: number) => Math.ceil(ms / 1000);

/** A rate-limiter-flexible counter: in memory, or in Redis under the deployment's prefix. */
export function counter(
  shared: SharedStore | undefined,
  name: string,
  points: number,
  duration: number,
): RateLimiterAbstract {
  if (!shared) return new RateLimiterMemory({ points, duration });
  return new RateLimiterRedis({
    storeClient: shared.redis,
    keyPrefix: `${shared.prefix}${name}`,
    points,
    duration,
  });
}

/** Consumes `rows` points, or gives them back and answers the wait in ms when the budget is spent. */
export async function tryConsume(limiter: RateLimiterAbstract, key: string, rows: number): Promise<number | null> {
  try {
    await limiter.consume(key, rows);
    return null;
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    // A refused charge must not eat the budget: give the rows back.
    await limiter.reward(key, rows);
    return res.msBeforeNext;
  }
}

/**
 * Writes are budgeted by rows, not requests: a 500-row push costs 500. Each user has a steady
 * budget (`rows` per `windowMs`) and, when that is spent, a burst budget (`burstRows` per
 * `burstWindowMs`) big enough for an offline queue of a few thousand rows to flush at once.
 * rate-limiter-flexible keeps the counters, in this process or (`shared`) in Redis for every instance.
 */
export function createRowBudget(config: WriteBudgetConfig, shared?: SharedStore) {
  const steady = counter(shared, 'rows', config.rows, seconds(config.windowMs));
  const burst = counter(shared, 'burst', config.burstRows, seconds(config.burstWindowMs));

  return {
    /** Charges `rows` to the user, or throws 429 `rate_limited` with Retry-After and charges nothing. */
    async charge(userId: string, rows: number): Promise<void> {
      if (rows <= 0) return;
      const steadyWait = await tryConsume(steady, userId, rows);
      if (steadyWait === null) return;
      const burstWait = await tryConsume(burst, userId, rows);
      if (burstWait === null) return;
      // The steady window refills first; a batch bigger than it waits for the burst window.
      const wait = rows <= config.rows ? steadyWait : burstWait;
      throw retryLater('rate_limited', `Too many rows written; retry in ${seconds(wait)} s`, wait / 1000);
    },
  };
}

export type RowBudget = ReturnType<typeof createRowBudget>;
