import type { BrowserContext, Page } from '@playwright/test';

/**
 * Opt-in render counts of a page (`BENCH_RENDERS=1`): React calls the devtools hook on every
 * commit, production builds too, so a stand-in hook counts commits and the components that
 * rendered in each (a fiber not in the previous commit's tree that performed work). Walking the
 * tree costs time, so the latency figures of such a run are not comparable. Names are readable
 * in an unminified build only.
 */
const HOOK = `(() => {
  let seen = new WeakSet();
  globalThis.__renders = { commits: 0, components: {} };
  globalThis.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject() { return 1; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(_id, root) {
      const counts = globalThis.__renders;
      counts.commits++;
      const next = new WeakSet();
      const stack = [root.current];
      while (stack.length) {
        const fiber = stack.pop();
        next.add(fiber);
        const tag = fiber.tag;
        if ((tag === 0 || tag === 1 || tag === 11 || tag === 15) && !seen.has(fiber) && (fiber.flags & 1)) {
          const type = fiber.type && (fiber.type.render || fiber.type.type || fiber.type);
          const name = (type && (type.displayName || type.name)) || 'anonymous';
          counts.components[name] = (counts.components[name] || 0) + 1;
        }
        if (fiber.sibling) stack.push(fiber.sibling);
        if (fiber.child) stack.push(fiber.child);
      }
      seen = next;
    },
  };
})()`;

export interface RenderCounts {
  commits: number;
  components: Record<string, number>;
}

export const countingRenders = () => Boolean(process.env.BENCH_RENDERS);

/** Installs the counting hook in every page of `context` (before the app loads). */
export async function countRenders(context: BrowserContext): Promise<void> {
  await context.addInitScript(HOOK);
}

/** The counts so far, and a reset. */
export function takeRenders(page: Page): Promise<RenderCounts> {
  return page.evaluate(`(() => {
    const now = globalThis.__renders ?? { commits: 0, components: {} };
    globalThis.__renders = { commits: 0, components: {} };
    return now;
  })()`);
}
