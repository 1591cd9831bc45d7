import { expect, noElectronReason, test } from './fixtures';
import type { MainStubState, PageGlobals } from './page-globals';

test.skip(noElectronReason !== null, noElectronReason ?? '');

test.describe('desktop shell', () => {
  test('the page is isolated from Node and sees only the bridge, served from app://', async ({
    window,
    server,
  }) => {
    expect(window.url()).toMatch(/^app:\/\/cleanchat\//);
    const page = await window.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return {
        require: typeof g.require,
        process: typeof g.process,
        bridge: Object.keys(g.cleanchat ?? {}).sort(),
        serverUrl: g.cleanchat?.config.serverUrl,
      };
    });
    expect(page).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: ['config', 'invoke', 'on'],
      serverUrl: server.url,
    });
  });

  test('the CSP lets the page reach the sync server and nothing else', async ({ window, server }) => {
    const result = await window.evaluate(async (serverUrl) => {
      const g = globalThis as unknown as PageGlobals;
      const violations: string[] = [];
      g.document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(event.effectiveDirective),
      );
      const health = await g.fetch(`${serverUrl}/api/health`).then(
        (r) => r.status,
        () => 0,
      );
      const foreign = await g.fetch('https://example.com/').then(
        () => 'reached',
        () => 'blocked',
      );
      return { health, foreign, violations };
    }, server.url);
    expect(result).toEqual({ health: 200, foreign: 'blocked', violations: ['connect-src'] });
  });

  test('history routes load the app shell', async ({ window }) => {
    await window.goto('app://cleanchat/messages/some-room');
    await expect(window.locator('#root')).toBeAttached();
  });

  test('new windows are denied and web links go to the system browser', async ({ electronApp, window }) => {
    await electronApp.evaluate(({ shell }) => {
      const state = globalThis as unknown as MainStubState;
      state.__opened = [];
      shell.openExternal = async (url: string) => {
        state.__opened.push(url);
      };
    });
    const denied = await window.evaluate(
      () => (globalThis as unknown as PageGlobals).open('https://example.com/help') === null,
    );
    expect(denied).toBe(true);
    await expect
      .poll(() => electronApp.evaluate(() => (globalThis as unknown as MainStubState).__opened))
      .toEqual(['https://example.com/help']);
    expect(await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('navigation away from the app is refused', async ({ window }) => {
    await window.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await window.evaluate(
      () =>
        new Promise((resolve) =>
          (globalThis as unknown as PageGlobals).requestAnimationFrame(() => resolve(null)),
        ),
    );
    expect(window.url()).toMatch(/^app:\/\/cleanchat\//);
  });
});
