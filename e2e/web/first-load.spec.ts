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
