import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

interface ResourceGlobals {
  performance: { getEntriesByType(type: 'resource'): { name: string; decodedBodySize: number; encodedBodySize: number }[] };
}

/** The JavaScript files the page has loaded so far, with their decoded and on-the-wire sizes. */
function scripts(page: Page) {
  return page.evaluate(() =>
    (globalThis as unknown as ResourceGlobals).performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => ({ path: new URL(e.name).pathname, decoded: e.decodedBodySize, encoded: e.encodedBodySize })),
  );
}

test('the sign-in screen loads at most 500 KB of JavaScript, compressed, without the database or the signed-in app', async ({ openSignedOut }) => {
  const app = await openSignedOut();
  await app.page.waitForLoadState('networkidle');
  const loaded = await scripts(app.page);
  const decoded = loaded.reduce((sum, s) => sum + s.decoded, 0);
  expect(decoded).toBeLessThanOrEqual(500 * 1024);
  // Served compressed: fewer bytes on the wire than in the files.
  expect(loaded.reduce((sum, s) => sum + s.encoded, 0)).toBeLessThan(decoded / 2);
  expect(loaded.map((s) => s.path).filter((p) => /\/(database|replication|SignedInApp)-/.test(p))).toEqual([]);
});

test('the signed-in app and its database load on demand after sign-in', async ({ openApp }) => {
  const app = await openApp('alice');
  await app.list.rows.first().waitFor();
  const paths = (await scripts(app.page)).map((s) => s.path);
  expect(paths.some((p) => p.includes('/SignedInApp-'))).toBe(true);
  expect(paths.some((p) => p.includes('/database-'))).toBe(true);
});

interface TimingGlobals {
  performance: {
    getEntriesByName(name: string): { startTime: number }[];
    getEntriesByType(type: 'resource'): { name: string; startTime: number }[];
  };
}

test('with a remembered user, the database and signed-in app chunks are requested before the shell boots', async ({ openApp }) => {
  const app = await openApp('alice');
  await app.list.rows.first().waitFor();
  await app.page.reload();
  await app.list.rows.first().waitFor();
  // Order, not time: main.tsx imports early-start.ts first, so the requests leave while the rest
  // of the entry chunk (React, the shell) evaluates, before initApp marks `cleanchat:boot`. They
  // used to leave from initApp and the session's restore, after it.
  const order = await app.page.evaluate(() => {
    const g = globalThis as unknown as TimingGlobals;
    const requested = (chunk: string) =>
      g.performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname.startsWith(`/assets/${chunk}-`))?.startTime ?? NaN;
    return {
      boot: g.performance.getEntriesByName('cleanchat:boot')[0]?.startTime ?? NaN,
      database: requested('database'),
      sync: requested('sync'),
      signedIn: requested('SignedInApp'),
    };
  });
  expect(order.boot).toBeGreaterThan(0);
  expect(order.database).toBeLessThan(order.boot);
  expect(order.sync).toBeLessThan(order.boot);
  expect(order.signedIn).toBeLessThan(order.boot);
});
