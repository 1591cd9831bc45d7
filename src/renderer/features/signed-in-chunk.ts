import type { ComponentType } from 'react';

interface SignedInChunk {
  default: ComponentType;
}

let loading: Promise<SignedInChunk> | null = null;
let loaded: ComponentType | null = null;

/**
 * The signed-in app's chunk (routes, screens, react-router). The sign-in forms and start-up with
 * a remembered user start the download early, so it overlaps the login request and the database
 * opening instead of following them.
 */
export function loadSignedInApp(): Promise<SignedInChunk> {
  loading ??= import('./SignedInApp').then(
    (chunk) => {
      loaded = chunk.default;
      return chunk;
    },
    (err: unknown) => {
      loading = null; // a failed download (offline on a first visit) is tried again next time
      throw err;
    },
  );
  return loading;
}

/**
 * The signed-in app once its chunk is here, else null. App.tsx renders it directly: behind
 * React.lazy and Suspense it would suspend once even when loaded, and React holds a Suspense
 * boundary's content back until 300 ms after its fallback showed (FALLBACK_THROTTLE_MS).
 */
export function loadedSignedInApp(): ComponentType | null {
  return loaded;
}

/** Starts the download early; a failure shows where the chunk is rendered. */
export function preloadSignedInApp(): void {
  loadSignedInApp().catch(() => undefined);
}
