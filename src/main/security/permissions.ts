import { originOf } from '../config';

/** How long a press of Record lets the page ask for the microphone. */
export const MICROPHONE_ARM_MS = 10_000;

export interface PermissionRequest {
  permission: string;
  /** The page asking (Electron's `details.requestingUrl`, or the webContents URL). */
  requestingUrl: string;
  /** For `media`: what is asked for (`audio`, `video`). */
  mediaTypes?: readonly string[];
}

/**
 * Security check for every permission request. Notifications are granted. The microphone is
 * granted only to the app's own origin, only audio (never the camera or the screen), and only
 * within a few seconds of the user pressing Record (the renderer arms it over IPC just before
 * it asks). Everything else (geolocation included: Chromium's needs a Google key and the user
 * can type an address) is refused.
 */
export function createPermissionPolicy(trusted: readonly string[], now: () => number = Date.now) {
  let armedUntil = 0;
  return {
    arm(): void {
      armedUntil = now() + MICROPHONE_ARM_MS;
    },
    /** Asked when the page requests a permission (may prompt). */
    request(req: PermissionRequest): boolean {
      if (req.permission === 'notifications') return true;
      if (req.permission !== 'media') return false;
      const origin = originOf(req.requestingUrl);
      const audioOnly =
        (req.mediaTypes ?? []).length > 0 && (req.mediaTypes ?? []).every((type) => type === 'audio');
      return origin !== null && trusted.includes(origin) && audioOnly && now() <= armedUntil;
    },
    /**
     * Asked when the page checks a permission without prompting: the same answer as a request
     * (Chromium may check before it asks), so the microphone checks true only while armed.
     */
    check(permission: string, requestingUrl: string, mediaType?: string): boolean {
      return this.request({ permission, requestingUrl, mediaTypes: mediaType ? [mediaType] : undefined });
    },
  };
}

export type PermissionPolicy = ReturnType<typeof createPermissionPolicy>;
