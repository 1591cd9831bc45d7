import { RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../config';
import { retryLater } from '../errors';
import type { SharedStore } from '../middleware';
import { counter } from './row-budget';

/**
 * Failed sign-ins per account, whatever the address they come from (a guesser rotating addresses
 * meets the same limit). Each attempt reserves one failure before the password is checked, so
 * parallel guesses cannot slip past the count, and a success gives it back: only failures count.
 * While an account is over the limit every sign-in to it answers 429, the right password too:
 * otherwise the limit would tell a guesser when a guess was right. Sessions already signed in
 * keep working (refresh is not a sign-in).
 */
export function createLoginGuard(config: RateLimitConfig, shared?: SharedStore) {
  const failures = counter(shared, 'logins', config.max, Math.ceil(config.windowMs / 1000));

  return {
    /** Reserves one failure for `account`; throws 429 `too_many_attempts` when none is left. */
    async begin(account: string): Promise<void> {
      try {
        await failures.consume(account, 1);
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        throw retryLater(
          'too_many_attempts',
          'Too many failed sign-ins to this account; try again later',
          res.msBeforeNext / 1000,
        );
      }
    },
    /** The attempt succeeded: it does not count as a failure. */
    async succeeded(account: string): Promise<void> {
      await failures.reward(account, 1);
    },
  };
}

export type LoginGuard = ReturnType<typeof createLoginGuard>;
