import type { BrowserWindowConstructorOptions } from 'electron';
import { SERVER_URL_ARG } from '../../shared/ipc';
import type { WindowBounds } from './bounds';

export interface WindowOptionsInput {
  preloadPath: string;
  serverUrl: string;
  bounds: WindowBounds;
  iconPath?: string;
}

export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;

/**
 * The main window, configured per Electron's security checklist: isolated, sandboxed preload,
 * no Node in the page, web security on, no <webview>, no insecure content. The server URL
 * rides along as a command-line argument so the preload can expose it synchronously.
 */
export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { bounds } = input;
  return {
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'cleanchat',
    backgroundColor: '#ffffff',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      additionalArguments: [`${SERVER_URL_ARG}${input.serverUrl}`],
    },
  };
}
