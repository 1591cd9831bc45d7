import { retryLater } from '../errors';

/**
 * Bounds CPU work on the thread pool running at once: password hashing, and photo re-encoding
 * (sharp) with its own gate and message. scrypt and sharp run on libuv's small thread pool
 * (4 threads by default, shared with file I/O); a flood of sign-ins would otherwise queue there
 * without bound and slow every other user's sign-in. Up to `concurrency` run, up to `queue` wait
 * in order, and past that the caller gets 503 `server_busy` with Retry-After at once.
 */
export function createKdfGate(
  options: { concurrency: number; queue: number },
  busyMessage = 'The server is busy checking passwords; try again in a moment',
) {
  let running = 0;
  const waiting: Array<() => void> = [];

  function release(): void {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }

  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running < options.concurrency) running += 1;
      else if (waiting.length < options.queue) await new Promise<void>((start) => waiting.push(start));
      else throw retryLater('server_busy', busyMessage, 1);
      try {
        return await work();
      } finally {
        release();
      }
    },
    /** For health and tests: hashes running and waiting now. */
    load: () => ({ running, waiting: waiting.length }),
  };
}

export type KdfGate = ReturnType<typeof createKdfGate>;
