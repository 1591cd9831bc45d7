import type { HttpClient } from '../api/http';
import { useAppStore } from '../store';
import { openFileStore, removeFileStore, type FileStore } from './outboxStore';
import { uploadsStarting } from './ready';
import { blobToThumbnail } from './thumbnail';
import type { AttachmentMeta, OutboxEntry, UploadedFile } from './types';
import { createUploader } from './upload';
import { UploadQueue } from './uploadQueue';

export interface UploadRuntime {
  me: string;
  queue: UploadQueue;
  store: FileStore;
  http: HttpClient;
}

let runtime: UploadRuntime | null = null;
let stopWatching: (() => void) | null = null;
const runtimeListeners = new Set<() => void>();

function setRuntime(next: UploadRuntime | null): void {
  runtime = next;
  for (const listener of runtimeListeners) listener();
}

/**
 * Calls back when the outbox starts or stops. The session starts it beside the app's first
 * render (after the list's paint), so a room on screen by then must learn that it is here.
 */
export function onUploadsChange(listener: () => void): () => void {
  runtimeListeners.add(listener);
  return () => runtimeListeners.delete(listener);
}

export interface StartUploadsOptions {
  http: HttpClient;
  me: string;
  /** Writes the message of an uploaded entry (db/actions sendAttachmentMessage). */
  send(entry: OutboxEntry, attachment: AttachmentMeta): Promise<void>;
}

const enc = encodeURIComponent;

/** One runner across tabs of the same profile, so two tabs never upload the same entry at once. */
async function exclusive(work: () => Promise<void>): Promise<void> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) await locks.request('cleanchat-uploads', work);
  else await work();
}

/**
 * Opens the user's file store and starts the outbox: it runs now, whenever the connection
 * comes back, and whenever something is attached. Called by the session after sync starts.
 */
export async function startUploads(options: StartUploadsOptions): Promise<UploadRuntime> {
  const store = await openFileStore(options.me);
  const { http } = options;
  const queue = new UploadQueue({
    store,
    upload: createUploader(http),
    serverThumbnail: async (file: UploadedFile) => {
      const res = await http.fetchAuthorized(`/api/attachments/${enc(file.id)}/thumbnail`);
      return blobToThumbnail(await res.blob());
    },
    send: async (entry, attachment) => {
      // What I sent stays viewable offline without a download.
      const blob = await store.outboxBlob(entry.id);
      if (blob) await store.putMedia(`full:${attachment.id}`, blob).catch(() => undefined);
      await options.send(entry, attachment);
    },
    exclusive,
  });
  await queue.load();
  setRuntime({ me: options.me, queue, store, http });
  stopWatching = useAppStore.subscribe((state, previous) => {
    if (state.connection === 'online' && previous.connection !== 'online') void queue.run();
  });
  void queue.run();
  return getUploads();
}

/** Stops uploading (sign-out or window close); what is queued stays for the next sign-in. */
export function stopUploads(): void {
  stopWatching?.();
  stopWatching = null;
  runtime?.queue.stop();
  runtime?.store.close();
  if (runtime) setRuntime(null);
}

/** Sign-out: the user's files and unsent attachments leave the device. */
export async function forgetUploads(userId: string): Promise<void> {
  if (runtime?.me === userId) stopUploads();
  await removeFileStore(userId);
}

export function peekUploads(): UploadRuntime | null {
  return runtime;
}

export function getUploads(): UploadRuntime {
  if (!runtime) throw new Error('Attachments are not ready yet (not signed in).');
  return runtime;
}

/**
 * The outbox, waiting for it while the session is still starting it: the signed-in app shows
 * before the outbox is ready, and what is attached in that moment goes out all the same.
 */
export async function whenUploadsReady(): Promise<UploadRuntime> {
  const starting = uploadsStarting();
  if (runtime || !starting) return getUploads();
  // A store that could not open says so the way a missing one does.
  return starting.catch(() => getUploads());
}
