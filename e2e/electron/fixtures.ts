import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, test as base } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/shared/demo';
import { findElectronBinary, repoRoot } from '../../scripts/electron-support.mjs';
import { spawnTestServer, type TestServer } from '../../testkit/server';

export { expect } from '@playwright/test';

const binary = findElectronBinary();

/** Why the Electron specs cannot run here, or null when they can. */
export const noElectronReason: string | null = binary.path
  ? null
  : `No Electron binary on this machine (${binary.reason}); the web project covers the same app in Chromium.`;

// Printed once by the runner while it collects the specs, so a skipped run says why.
if (noElectronReason && !process.env.TEST_WORKER_INDEX) console.log(`[electron e2e] ${noElectronReason}`);

type WorkerFixtures = { server: TestServer };
type TestFixtures = { electronApp: ElectronApplication; window: Page };

/**
 * Each worker gets its own sync server (port 0, fresh data folder, demo data); each test gets
 * the built app (`out/main/index.js` through package.json) with its own user-data folder,
 * pointed at that server.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
    async ({}, use) => {
      const server = await spawnTestServer();
      try {
        await use(server);
      } finally {
        await server.close();
      }
    },
    { scope: 'worker' },
  ],

  electronApp: async ({ server }, use) => {
    if (!binary.path) throw new Error(noElectronReason ?? 'no Electron binary');
    if (!existsSync(join(repoRoot, 'out', 'main', 'index.js'))) {
      throw new Error(
        'The app is not built: run `npx electron-vite build` (or `npm run test:e2e`, which builds first).',
      );
    }
    const userData = mkdtempSync(join(tmpdir(), 'cleanchat-e2e-userdata-'));
    const env = {
      ...process.env,
      CLEANCHAT_SERVER_URL: server.url,
      CLEANCHAT_USER_DATA_DIR: userData,
    } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    delete env.ELECTRON_RENDERER_URL;
    const app = await electron.launch({ executablePath: binary.path, args: [repoRoot], cwd: repoRoot, env });
    try {
      await use(app);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  },

  window: async ({ electronApp }, use) => {
    const page = await electronApp.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await use(page);
  },
});

/** Signs in through the login form, as a user would. */
export async function signIn(window: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await window.getByLabel('Username').fill(username);
  await window.getByLabel('Password').fill(password);
  await window.getByRole('button', { name: 'Log in' }).click();
  await window.getByTestId('signed-in-user').waitFor();
}
