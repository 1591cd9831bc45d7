import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRegistrar } from './handle';
import { createSettingsStore, registerSettingsIpc } from './settings';
import { fakeIpcMain } from './test-helpers';

describe('createSettingsStore', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cleanchat-settings-'));
    path = join(dir, 'settings.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to showing content and persists a change', () => {
    const store = createSettingsStore(path);
    expect(store.get()).toEqual({ hideContent: false });
    store.set({ hideContent: true });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ hideContent: true });
    expect(createSettingsStore(path).get()).toEqual({ hideContent: true });
  });

  it('falls back to defaults for a corrupt file', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    writeFileSync(path, '{"hideContent":"yes"}');
    expect(createSettingsStore(path).get()).toEqual({ hideContent: false });
    vi.restoreAllMocks();
  });

  it('tells listeners about changes', () => {
    const store = createSettingsStore(path);
    const listener = vi.fn();
    const off = store.onChange(listener);
    store.set({ hideContent: true });
    off();
    store.set({ hideContent: false });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ hideContent: true });
  });

  it('is reachable over IPC with validated patches', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { ipc, invoke } = fakeIpcMain();
    registerSettingsIpc(createRegistrar(ipc, ['app://cleanchat']), createSettingsStore(path));
    await expect(invoke('settings:set', [{ hideContent: true }])).resolves.toEqual({ hideContent: true });
    await expect(invoke('settings:set', [{ hideContent: 1 }])).rejects.toThrow(/invalid payload/);
    await expect(invoke('settings:set', [{ theme: 'dark' }])).rejects.toThrow(/invalid payload/);
    await expect(invoke('settings:get', [])).resolves.toEqual({ hideContent: true });
    vi.restoreAllMocks();
  });
});
