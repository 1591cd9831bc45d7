import type { UploadRuntime } from './runtime';

let starting: Promise<UploadRuntime> | null = null;

/**
 * The session notes the outbox it is starting (null when the session ends). It lives apart from
 * runtime.ts so the session can note it before that chunk has loaded, without loading it.
 */
export function noteUploadsStarting(start: Promise<UploadRuntime> | null): void {
  starting = start;
}

/** The outbox as the session starts it, or null outside a session. */
export function uploadsStarting(): Promise<UploadRuntime> | null {
  return starting;
}
