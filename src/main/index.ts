import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import { app, dialog, ipcMain, Menu, Notification, protocol, safeStorage, session, shell } from 'electron';
import type { BrowserWindow, Tray } from 'electron';
import { APP_SCHEME, DEEP_LINK_SCHEME, readConfig, trustedOrigins } from './config';
import { parseDeepLink, roomFromArgv } from './deeplink';
import { registerIpc } from './ipc';
import { createSettingsStore } from './ipc/settings';
import { log } from './log';
import { installMenu } from './menu';
import { createAppProtocolHandler } from './security/app-protocol';
import { guardWebContents } from './security/navigation';
import { createPermissionPolicy } from './security/permissions';
import { checkForUpdates } from './updater';
import { createMainWindow, createTray, focusWindow, sendOpenRoom } from './window/main-window';

const here = fileURLToPath(new URL('.', import.meta.url));
const config = readConfig(process.env, app.isPackaged);
if (config.userDataDir) app.setPath('userData', config.userDataDir);
const trusted = trustedOrigins(config);
// Packaged: electron-builder copies the icon to resources/; unpackaged: the repo's resources/.
const resources = app.isPackaged ? process.resourcesPath : join(here, '../../resources');
const iconPath = join(resources, 'icon.png');

// Must happen before `ready`: a standard, secure scheme gets a real origin, fetch and storage.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);

let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let pendingRoom = roomFromArgv(process.argv);

function openRoom(roomId: string): void {
  if (!mainWindow) {
    pendingRoom = roomId;
    return;
  }
  focusWindow(mainWindow);
  sendOpenRoom(mainWindow, roomId);
}

function showWindow(): void {
  if (mainWindow) return focusWindow(mainWindow);
  mainWindow = createMainWindow(config, {
    preload: join(here, '../preload/index.cjs'),
    icon: iconPath,
    boundsFile: join(app.getPath('userData'), 'window-state.json'),
  });
  mainWindow.on('closed', () => (mainWindow = null));
  if (pendingRoom) openRoom(pendingRoom);
  pendingRoom = null;
}

function start(): void {
  const settings = createSettingsStore(join(app.getPath('userData'), 'settings.json'));
  installMenu(Menu, settings, { isMac: process.platform === 'darwin', isDev: !app.isPackaged });

  const permissions = createPermissionPolicy(trusted);
  session.defaultSession.setPermissionRequestHandler((contents, permission, grant, details) =>
    grant(
      permissions.request({
        permission,
        requestingUrl: details.requestingUrl ?? contents.getURL(),
        mediaTypes: 'mediaTypes' in details ? details.mediaTypes : undefined,
      }),
    ),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissions.check(permission, requestingOrigin, details.mediaType),
  );
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(here, '../renderer'), config.serverUrl));
  registerIpc({
    config,
    ipcMain,
    Notification,
    safeStorage,
    setBadgeCount: (count) => app.setBadgeCount(count),
    settings,
    tokenFile: join(app.getPath('userData'), 'session.bin'),
    window: () => mainWindow,
    tray: () => tray,
    openRoom,
    microphone: permissions,
    files: {
      showSaveDialog: (options) =>
        mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options),
      writeFile: (path, bytes) => writeFile(path, bytes),
      downloadsDir: () => app.getPath('downloads'),
    },
  });
  // Register the link handler only for installed builds, never for a dev or test Electron binary.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  tray = createTray(iconPath, showWindow, () => app.quit());
  showWindow();
  void checkForUpdates({
    isPackaged: app.isPackaged,
    env: process.env,
    hasUpdateConfig: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')),
    load: async () => (await import('electron-updater')).default.autoUpdater,
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const roomId = roomFromArgv(argv);
    if (roomId) openRoom(roomId);
    else if (mainWindow) focusWindow(mainWindow);
  });
  // macOS delivers deep links as events, possibly before `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const roomId = parseDeepLink(url);
    if (roomId) openRoom(roomId);
    else log.warn('ignoring malformed deep link');
  });
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, trusted, (url) => shell.openExternal(url)),
  );
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady()) showWindow();
  });
  app.whenReady().then(start, (error: unknown) => log.error('startup failed', error));
}
