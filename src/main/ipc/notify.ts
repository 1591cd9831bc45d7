import type { AppSettings, IpcArgs } from '../../shared/ipc';
import type { RegisterHandler } from './handle';

/** What the notifier needs from Electron's Notification; tests pass a fake. */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface NotifierDeps {
  isSupported(): boolean;
  create(options: { title: string; body: string }): NotificationLike;
  settings(): AppSettings;
  /** Focuses the window and asks the renderer to open the room. */
  openRoom(roomId: string): void;
}

export const HIDDEN_BODY = 'New message';
const PREVIEW_MAX = 180;

/** One line of at most PREVIEW_MAX characters: notification centres cut long text unevenly. */
export function previewText(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_MAX ? `${line.slice(0, PREVIEW_MAX - 1)}…` : line;
}

/**
 * Shows desktop notifications for the renderer, which has already decided that the message
 * deserves one (src/shared/notify.ts). With `hideContent` the body never leaves the app.
 */
export function createNotifier(deps: NotifierDeps) {
  // Electron drops the click handler of a Notification that was garbage-collected while on screen.
  const live = new Set<NotificationLike>();
  return {
    show(request: IpcArgs<'notify:show'>): boolean {
      if (!deps.isSupported()) return false;
      const body = deps.settings().hideContent ? HIDDEN_BODY : previewText(request.body);
      const notification = deps.create({ title: request.title, body });
      live.add(notification);
      notification.on('click', () => {
        live.delete(notification);
        deps.openRoom(request.roomId);
      });
      notification.on('close', () => live.delete(notification));
      notification.show();
      return true;
    },
    get pending(): number {
      return live.size;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;

export function registerNotifyIpc(handle: RegisterHandler, notifier: Notifier): void {
  handle('notify:show', (args) => notifier.show(args));
}
