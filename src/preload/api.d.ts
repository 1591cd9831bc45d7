import type { CleanchatBridge } from '../shared/ipc';

/**
 * The type of `window.cleanchat`, the only thing the renderer sees of the preload. Absent in a
 * plain browser (`npm run web`), hence optional.
 */
declare global {
  interface Window {
    cleanchat?: CleanchatBridge;
  }
}

export type { CleanchatBridge };
