import { describe, expect, it } from 'vitest';
import { SERVER_URL_ARG } from '../../shared/ipc';
import { mainWindowOptions } from './options';

const options = mainWindowOptions({
  preloadPath: '/app/out/preload/index.cjs',
  serverUrl: 'http://127.0.0.1:8787',
  bounds: { x: 10, y: 20, width: 1100, height: 760, maximized: false },
});

describe('mainWindowOptions', () => {
  it('meets the Electron security checklist', () => {
    const web = options.webPreferences ?? {};
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
  });

  it('uses the sandboxed CommonJS preload and passes the server URL to it', () => {
    expect(options.webPreferences?.preload).toBe('/app/out/preload/index.cjs');
    expect(options.webPreferences?.additionalArguments).toEqual([`${SERVER_URL_ARG}http://127.0.0.1:8787`]);
  });

  it('opens hidden at the remembered bounds', () => {
    expect(options.show).toBe(false);
    expect([options.x, options.y, options.width, options.height]).toEqual([10, 20, 1100, 760]);
  });
});
