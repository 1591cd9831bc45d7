import { badgeTitle } from '../../shared/ipc';
import type { DesktopNotification, Platform } from './types';

export const TOKEN_KEY = 'cleanchat.refresh_token';
const STORAGE_UNAVAILABLE =
  'This browser does not allow site storage, so your session is not saved: you will sign in again next time.';

/** The browser globals the web platform uses; tests pass stand-ins. */
export interface WebHost {
  location: Pick<Location, 'origin'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  document: Pick<Document, 'hasFocus'> & { title: string };
  focusWindow(): void;
  Notification?: typeof Notification;
  navigator?: Partial<Pick<Navigator, 'setAppBadge' | 'clearAppBadge'>>;
}

function browserHost(): WebHost {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    // Storage access throws in some privacy modes; the session then lasts for this tab only.
  }
  return {
    location: window.location,
    storage,
    document,
    focusWindow: () => window.focus(),
    Notification: 'Notification' in window ? window.Notification : undefined,
    navigator,
  };
}

/**
 * The platform for `npm run web`: the app is served by the sync server, so the server is this
 * page's origin. A browser has no OS keychain: the refresh token sits in localStorage, readable
 * by any script on this origin, which the strict server CSP and the absence of third-party
 * scripts make acceptable for a local web fallback.
 */
export function createWebPlatform(host: WebHost = browserHost()): Platform {
  const listeners = new Set<(roomId: string) => void>();
  let memoryToken: string | null = null;

  const show = (Ctor: typeof Notification, n: DesktopNotification): void => {
    const notification = new Ctor(n.title, { body: n.body, tag: n.roomId });
    notification.onclick = () => {
      host.focusWindow();
      for (const listener of listeners) listener(n.roomId);
      notification.close();
    };
  };

  return {
    kind: 'web',
    serverUrl: host.location.origin,
    secureStore: {
      async get() {
        return host.storage?.getItem(TOKEN_KEY) ?? memoryToken;
      },
      async set(token) {
        memoryToken = token;
        try {
          if (!host.storage) throw new Error('no storage');
          host.storage.setItem(TOKEN_KEY, token);
          return { persisted: true };
        } catch {
          return { persisted: false, reason: STORAGE_UNAVAILABLE };
        }
      },
      async clear() {
        memoryToken = null;
        host.storage?.removeItem(TOKEN_KEY);
      },
    },
    notify(n) {
      const Ctor = host.Notification;
      if (!Ctor) return;
      if (Ctor.permission === 'granted') return show(Ctor, n);
      if (Ctor.permission === 'denied') return;
      // Asked on the first notification, not at start-up: the user then sees why it is asked.
      Ctor.requestPermission().then(
        (permission) => permission === 'granted' && show(Ctor, n),
        () => undefined,
      );
    },
    onOpenRoom(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    setBadge(count) {
      host.document.title = badgeTitle(count);
      const nav = host.navigator;
      if (count > 0) nav?.setAppBadge?.(count).catch(() => undefined);
      else nav?.clearAppBadge?.().catch(() => undefined);
    },
    isFocused() {
      return host.document.hasFocus();
    },
    saveFile: async (blob, name) => downloadBlob(blob, name),
    // The browser asks the user itself.
    armMicrophone: async () => undefined,
  };
}

/** A download of `blob` under `name` through a temporary blob: URL (no token in any URL). */
export function downloadBlob(blob: Blob, name: string): boolean {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
