import { afterEach, describe, expect, it } from 'vitest';
import type { CleanchatBridge } from '../../shared/ipc';
import { getPlatform, setPlatform } from './index';

afterEach(() => {
  delete window.cleanchat;
  setPlatform(null);
});

describe('getPlatform', () => {
  it('is the web platform without the preload bridge', () => {
    expect(getPlatform().kind).toBe('web');
    expect(getPlatform().serverUrl).toBe(window.location.origin);
  });

  it('is the Electron platform when the bridge exists, and stays the same object', () => {
    window.cleanchat = {
      config: { serverUrl: 'http://10.0.0.5:8787', os: 'linux' },
      invoke: async () => undefined,
      on: () => () => undefined,
    } as unknown as CleanchatBridge;
    const platform = getPlatform();
    expect(platform.kind).toBe('electron');
    expect(platform.serverUrl).toBe('http://10.0.0.5:8787');
    expect(getPlatform()).toBe(platform);
  });
});
