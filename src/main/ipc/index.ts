import type { BrowserWindow, Notification, Tray } from 'electron';
import type { MainConfig } from '../config';
import { trustedOrigins } from '../config';
import { createBadge, registerBadgeIpc } from './badge';
import { createFileSaver, registerFileIpc, type FileSaverDeps, type MicrophoneArming } from './files';
import { createRegistrar } from './handle';
import type { IpcMainLike } from './handle';
import { createNotifier, registerNotifyIpc } from './notify';
import { createTokenStore, registerSessionIpc } from './session';
import type { SafeStorageLike } from './session';
import type { SettingsStore } from './settings';
import { registerSettingsIpc } from './settings';

export interface IpcDeps {
  config: MainConfig;
  ipcMain: IpcMainLike;
  Notification: typeof Notification;
  safeStorage: SafeStorageLike;
  setBadgeCount(count: number): boolean;
  settings: SettingsStore;
  tokenFile: string;
  window(): BrowserWindow | null;
  tray(): Tray | null;
  openRoom(roomId: string): void;
  files: FileSaverDeps;
  microphone: MicrophoneArming;
}

/** Wires every IPC domain to its service; each handler is sender-checked and schema-validated. */
export function registerIpc(deps: IpcDeps): void {
  const handle = createRegistrar(deps.ipcMain, trustedOrigins(deps.config));
  registerNotifyIpc(
    handle,
    createNotifier({
      isSupported: () => deps.Notification.isSupported(),
      create: (options) => new deps.Notification(options),
      settings: () => deps.settings.get(),
      openRoom: deps.openRoom,
    }),
  );
  registerBadgeIpc(
    handle,
    createBadge({
      setBadgeCount: deps.setBadgeCount,
      setWindowTitle: (title) => deps.window()?.setTitle(title),
      setTrayTooltip: (text) => deps.tray()?.setToolTip(text),
    }),
  );
  registerSettingsIpc(handle, deps.settings);
  registerFileIpc(handle, createFileSaver(deps.files), deps.microphone);
  registerSessionIpc(
    handle,
    createTokenStore({ safeStorage: deps.safeStorage, platform: process.platform, path: deps.tokenFile }),
  );
}
