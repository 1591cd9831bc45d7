import type { CleanchatBridge } from '../../src/shared/ipc';

/**
 * The browser globals the Electron specs touch inside `page.evaluate`. The e2e code is type
 * checked with the Node settings (no DOM lib), so callbacks cast `globalThis` to this instead.
 */
export interface PageGlobals {
  cleanchat?: CleanchatBridge;
  require?: unknown;
  process?: unknown;
  location: { href: string };
  document: {
    hasFocus(): boolean;
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { effectiveDirective: string }) => void,
    ): void;
  };
  open(url: string): unknown;
  requestAnimationFrame(callback: () => void): number;
  fetch(url: string): Promise<{ status: number }>;
}

/** State the desktop stubs keep in the main process. */
export interface MainStubState {
  __shown: Electron.Notification[];
  __badges: number[];
  __opened: string[];
}
