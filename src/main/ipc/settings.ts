import { DEFAULT_SETTINGS, ipcSchemas } from '../../shared/ipc';
import type { AppSettings } from '../../shared/ipc';
import { readJsonFile, writeJsonFile } from '../json-file';
import type { RegisterHandler } from './handle';

/**
 * App preferences in `settings.json` (userData). Changes come from the renderer and from the
 * application menu, so listeners let the menu follow a change made in the UI and vice versa.
 */
export function createSettingsStore(path: string) {
  let current: AppSettings = {
    ...DEFAULT_SETTINGS,
    ...(readJsonFile(path, ipcSchemas().appSettings.partial()) ?? {}),
  };
  const listeners = new Set<(settings: AppSettings) => void>();
  return {
    get(): AppSettings {
      return { ...current };
    },
    set(patch: Partial<AppSettings>): AppSettings {
      current = ipcSchemas().appSettings.parse({ ...current, ...patch });
      writeJsonFile(path, current);
      for (const listener of listeners) listener({ ...current });
      return { ...current };
    },
    onChange(listener: (settings: AppSettings) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;

export function registerSettingsIpc(handle: RegisterHandler, settings: SettingsStore): void {
  handle('settings:get', () => settings.get());
  handle('settings:set', (patch) => settings.set(patch));
}
