import type { Browser } from '@playwright/test';
import type { Row } from './table';

interface ResourceGlobals {
  performance: { getEntriesByType(type: 'resource'): { name: string; encodedBodySize: number; decodedBodySize: number }[] };
}

/** JavaScript a first visit loads before anyone signs in: decoded bytes, and bytes on the wire. */
export async function jsBeforeSignIn(browser: Browser, baseURL: string): Promise<Row> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Username').waitFor();
    await page.waitForLoadState('networkidle');
    const sizes = await page.evaluate(() => {
      const g = globalThis as unknown as ResourceGlobals;
      const scripts = g.performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('.js'));
      return {
        files: scripts.length,
        decoded: scripts.reduce((sum, e) => sum + e.decodedBodySize, 0),
        encoded: scripts.reduce((sum, e) => sum + e.encodedBodySize, 0),
      };
    });
    return {
      figure: 'JS before sign-in (uncompressed)',
      value: sizes.decoded / 1024,
      unit: 'KB',
      goal: '≤ 500 KB',
      note: `${sizes.files} files, ${(sizes.encoded / 1024).toFixed(1)} KB on the wire (compressed)`,
    };
  } finally {
    await context.close();
  }
}
