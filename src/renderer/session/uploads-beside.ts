import type { HttpClient } from '../api/http';
import { noteUploadsStarting } from '../uploads/ready';

/**
 * Starts the attachment outbox beside the sync. Its chunk and its IndexedDB open are not on the
 * way to the signed-in app; attaching before they are done waits for them (whenUploadsReady).
 */
export function startUploadsBeside(http: HttpClient, me: string): { stop(): void } {
  let stopped = false;
  let stopNow: (() => void) | null = null;
  const started = import('../uploads/start').then(async (uploads) => {
    const runtime = await uploads.startUserUploads(http, me);
    stopNow = () => {
      if (uploads.peekUploads() === runtime) uploads.stopUploads();
    };
    if (stopped) stopNow();
    return runtime;
  });
  noteUploadsStarting(started);
  // Without IndexedDB for files the app still works for text; attaching then says why it cannot.
  started.catch((err: unknown) => {
    console.error('Could not open the attachment store', (err as { name?: string }).name ?? '');
  });
  return {
    stop() {
      stopped = true;
      noteUploadsStarting(null);
      stopNow?.();
    },
  };
}
