import { describe, expect, it, vi } from 'vitest';
import { checkForUpdates, updatesEnabled } from './updater';

describe('updatesEnabled', () => {
  it('is off when unpackaged or in development', () => {
    expect(updatesEnabled({ isPackaged: false, env: {} })).toBe(false);
    expect(updatesEnabled({ isPackaged: true, env: { NODE_ENV: 'development' } })).toBe(false);
    expect(
      updatesEnabled({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } }),
    ).toBe(false);
    expect(updatesEnabled({ isPackaged: true, env: { CLEANCHAT_DISABLE_UPDATES: '1' } })).toBe(false);
    expect(updatesEnabled({ isPackaged: true, env: {} })).toBe(true);
  });
});

describe('checkForUpdates', () => {
  it('never loads the updater when disabled', async () => {
    const load = vi.fn();
    expect(await checkForUpdates({ isPackaged: false, env: {}, hasUpdateConfig: true, load })).toBe(
      'disabled',
    );
    expect(load).not.toHaveBeenCalled();
  });

  it('skips without a publish feed', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const load = vi.fn();
    expect(await checkForUpdates({ isPackaged: true, env: {}, hasUpdateConfig: false, load })).toBe(
      'unconfigured',
    );
    expect(load).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it('checks once and survives a failing check', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const ok = { checkForUpdatesAndNotify: vi.fn(async () => null) };
    expect(
      await checkForUpdates({ isPackaged: true, env: {}, hasUpdateConfig: true, load: async () => ok }),
    ).toBe('checked');
    expect(ok.checkForUpdatesAndNotify).toHaveBeenCalledTimes(1);
    const failing = { checkForUpdatesAndNotify: vi.fn(async () => Promise.reject(new Error('offline'))) };
    expect(
      await checkForUpdates({ isPackaged: true, env: {}, hasUpdateConfig: true, load: async () => failing }),
    ).toBe('failed');
    vi.restoreAllMocks();
  });
});
