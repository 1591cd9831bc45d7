import { BrowserWindow, Menu, nativeImage, screen, Tray } from 'electron';
import { APP_ORIGIN } from '../config';
import type { MainConfig } from '../config';
import { log } from '../log';
import { createBoundsStore, DEFAULT_BOUNDS, fitToDisplays } from './bounds';
import { mainWindowOptions } from './options';

export interface WindowPaths {
  preload: string;
  icon: string;
  boundsFile: string;
}

/** Creates the one app window at its remembered (and still visible) position. */
export function createMainWindow(config: MainConfig, paths: WindowPaths): BrowserWindow {
  const store = createBoundsStore(paths.boundsFile);
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const bounds = fitToDisplays(
    store.load() ?? DEFAULT_BOUNDS,
    [primary, ...others].map((display) => display.workArea),
  );
  const win = new BrowserWindow(
    mainWindowOptions({
      preloadPath: paths.preload,
      serverUrl: config.serverUrl,
      bounds,
      iconPath: paths.icon,
    }),
  );
  if (bounds.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  // The title carries the unread count (badge fallback); page titles must not overwrite it.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.on('close', () => store.save({ ...win.getNormalBounds(), maximized: win.isMaximized() }));
  win
    .loadURL(config.devRendererUrl ?? `${APP_ORIGIN}/`)
    .catch((error: unknown) => log.error('could not load the app', error));
  return win;
}

export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Sends once the page (and so the preload's listener) exists; the preload buffers until React subscribes. */
export function sendOpenRoom(win: BrowserWindow, roomId: string): void {
  const send = (): void => win.webContents.send('app:open-room', { roomId });
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', send);
  else send();
}

/**
 * A tray icon where there is no dock badge (Windows, Linux): its tooltip shows the unread total.
 * Some Linux desktops have no tray at all; the window title still carries the count there.
 */
export function createTray(iconPath: string, onOpen: () => void, onQuit: () => void): Tray | null {
  if (process.platform === 'darwin') return null;
  try {
    const tray = new Tray(nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 }));
    tray.setToolTip('cleanchat');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open cleanchat', click: onOpen },
        { type: 'separator' },
        { label: 'Quit', click: onQuit },
      ]),
    );
    tray.on('click', onOpen);
    return tray;
  } catch (error) {
    log.warn('no tray on this desktop:', error instanceof Error ? error.message : String(error));
    return null;
  }
}
