/**
 * Process-wide settings read once at start. The app content is served from `app://cleanchat`
 * (a privileged standard scheme), so it has a stable origin of its own instead of file://.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'cleanchat';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const DEEP_LINK_SCHEME = 'cleanchat';
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

export interface MainConfig {
  /** Origin of the sync server, without a trailing slash. */
  serverUrl: string;
  /** The electron-vite dev server, only when running unpackaged in development. */
  devRendererUrl: string | null;
  /** Overrides userData (tests run each app with its own folder). */
  userDataDir: string | null;
}

/**
 * Only an http(s) origin is accepted for the server: it becomes the CSP connect-src, so a path,
 * credentials or another scheme would either widen or break it.
 */
export function parseServerUrl(raw: string | undefined): string {
  if (!raw) return DEFAULT_SERVER_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`CLEANCHAT_SERVER_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error('CLEANCHAT_SERVER_URL must be an http(s) URL');
  }
  if (url.username || url.password) throw new Error('CLEANCHAT_SERVER_URL may not carry credentials');
  return url.origin;
}

export function readConfig(env: Record<string, string | undefined>, isPackaged: boolean): MainConfig {
  const dev = !isPackaged && env.ELECTRON_RENDERER_URL ? env.ELECTRON_RENDERER_URL : null;
  return {
    serverUrl: parseServerUrl(env.CLEANCHAT_SERVER_URL),
    devRendererUrl: dev,
    userDataDir: env.CLEANCHAT_USER_DATA_DIR || null,
  };
}

/**
 * `new URL(...).origin` is "null" for custom schemes in Node, so compare scheme and host instead.
 * Returns null for anything unparsable.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/** Origins whose pages may load in our windows and call IPC. */
export function trustedOrigins(config: MainConfig): string[] {
  const origins = [APP_ORIGIN];
  const dev = config.devRendererUrl ? originOf(config.devRendererUrl) : null;
  if (dev) origins.push(dev);
  return origins;
}
