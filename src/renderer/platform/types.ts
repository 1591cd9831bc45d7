/**
 * What the renderer needs from its host. In Electron it is built on the preload bridge; in a
 * plain browser (`npm run web`) on web APIs. Components and the data layer use only this.
 */
export interface DesktopNotification {
  title: string;
  body: string;
  roomId: string;
}

export interface PersistResult {
  persisted: boolean;
  /** Why the token was not kept, shown to the user (e.g. no OS keychain available). */
  reason?: string;
}

export interface Platform {
  kind: 'web' | 'electron';
  /** Base URL of the sync server, without a trailing slash. */
  serverUrl: string;
  /** Refresh-token storage: OS-encrypted in Electron, localStorage in the browser. */
  secureStore: {
    get(): Promise<string | null>;
    set(token: string): Promise<PersistResult>;
    clear(): Promise<void>;
  };
  notify(notification: DesktopNotification): void;
  /** Called when a notification click or a deep link asks to open a room. Returns an unsubscribe. */
  onOpenRoom(listener: (roomId: string) => void): () => void;
  /** The unread total on the app badge / tray / document title. */
  setBadge(count: number): void;
  /** True while the app window has focus. */
  isFocused(): boolean;
  /**
   * Saves a received file where the user chooses: the browser's download, Electron's save
   * dialog. Resolves false when the user cancelled. Nothing is opened automatically.
   */
  saveFile(blob: Blob, name: string): Promise<boolean>;
  /** Called when the user presses Record, just before asking for the microphone (Electron grants it only then). */
  armMicrophone(): Promise<void>;
}
