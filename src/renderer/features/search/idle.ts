/** Runs a piece of work when the page has time; `hasTime` says when to hand the thread back. */
export type Scheduler = (work: (hasTime: () => boolean) => void) => void;

/** Longest stretch of index work in one go where idle callbacks are missing (ms). */
const FALLBACK_SLICE_MS = 8;

/**
 * Index work in idle callbacks (within a second even when the page is never idle, so a busy
 * first sync still gets indexed), stopping when the browser's idle deadline runs out.
 */
export const idleSlices: Scheduler = (work) => {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(
      (deadline) => {
        // Called by the timeout on a busy page: no idle time at all, so take a short fixed slice.
        if (deadline.didTimeout) work(fixedSlice());
        else work(() => deadline.timeRemaining() > 1);
      },
      { timeout: 1000 },
    );
    return;
  }
  setTimeout(() => work(fixedSlice()), 0);
};

function fixedSlice(): () => boolean {
  const until = performance.now() + FALLBACK_SLICE_MS;
  return () => performance.now() < until;
}
