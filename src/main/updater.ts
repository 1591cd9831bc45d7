import { log } from './log';

/** The part of electron-updater's autoUpdater used here; loaded lazily so dev runs never touch it. */
export interface UpdaterLike {
  checkForUpdatesAndNotify(): Promise<unknown>;
}

export interface UpdateCheckOptions {
  isPackaged: boolean;
  env: Record<string, string | undefined>;
  /** electron-builder writes app-update.yml only when a publish target is configured. */
  hasUpdateConfig: boolean;
  load(): Promise<UpdaterLike>;
}

export type UpdateCheckResult = 'disabled' | 'unconfigured' | 'checked' | 'failed';

/** Off in development, for unpackaged runs (tests, `npm start`) and when explicitly disabled. */
export function updatesEnabled(options: Pick<UpdateCheckOptions, 'isPackaged' | 'env'>): boolean {
  const { env } = options;
  if (!options.isPackaged) return false;
  if (env.NODE_ENV === 'development' || env.ELECTRON_RENDERER_URL) return false;
  return env.CLEANCHAT_DISABLE_UPDATES !== '1';
}

/** One update check at start; failures (offline, no release feed) are logged, never shown. */
export async function checkForUpdates(options: UpdateCheckOptions): Promise<UpdateCheckResult> {
  if (!updatesEnabled(options)) return 'disabled';
  if (!options.hasUpdateConfig) {
    log.info('no publish feed configured; skipping the update check');
    return 'unconfigured';
  }
  try {
    const updater = await options.load();
    await updater.checkForUpdatesAndNotify();
    return 'checked';
  } catch (error) {
    log.warn('update check failed:', error instanceof Error ? error.message : String(error));
    return 'failed';
  }
}
