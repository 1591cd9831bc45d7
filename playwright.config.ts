import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';

/**
 * Two projects: `electron` launches the built desktop app (skipped with the reason printed where
 * no Electron binary exists), `web` drives the same renderer in Debian's Chromium as served by
 * the sync server. Each spec starts its own server on port 0 with a fresh data folder.
 */
export default defineConfig({
  reporter: 'list',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results',
  projects: [
    {
      name: 'electron',
      testDir: 'e2e/electron',
      // One Electron app at a time: each owns a window, a user-data folder and a server.
      workers: 1,
    },
    {
      name: 'web',
      testDir: 'e2e/web',
      testIgnore: ['**/electron/**'],
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
      },
    },
  ],
});
