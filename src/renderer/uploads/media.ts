import { useEffect, useState, useSyncExternalStore } from 'react';
import { describeError } from '../api/errors';
import { getUploads, onUploadsChange, peekUploads } from './runtime';
import type { QueueSnapshot } from './uploadQueue';
import type { OutboxEntry, UploadProgress } from './types';

export type MediaVariant = 'full' | 'thumbnail';

/**
 * The bytes of an attachment: from this device when it was viewed (or sent) here before, else
 * downloaded with the Authorization header (never a token in a URL) and kept, so what the user
 * has viewed stays viewable offline.
 */
export async function loadMedia(id: string, variant: MediaVariant = 'full'): Promise<Blob> {
  const { store, http } = getUploads();
  const key = `${variant}:${id}`;
  const cached = await store.getMedia(key);
  if (cached) return cached;
  const suffix = variant === 'thumbnail' ? '/thumbnail' : '';
  const res = await http.fetchAuthorized(`/api/attachments/${encodeURIComponent(id)}${suffix}`);
  const blob = await res.blob();
  await store.putMedia(key, blob).catch(() => undefined);
  return blob;
}

export interface MediaState {
  url: string | null;
  error: string | null;
}

/** A blob: URL for an attachment while the component is mounted (revoked after). */
export function useMediaUrl(id: string | null, variant: MediaVariant = 'full'): MediaState {
  const [state, setState] = useState<MediaState & { key: string | null }>({
    key: null,
    url: null,
    error: null,
  });
  const key = id ? `${variant}:${id}` : null;
  useEffect(() => {
    if (!id) return;
    let url: string | null = null;
    let live = true;
    loadMedia(id, variant).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        if (live) setState({ key: `${variant}:${id}`, url, error: null });
        else URL.revokeObjectURL(url);
      },
      (err: unknown) => live && setState({ key: `${variant}:${id}`, url: null, error: describeError(err) }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id, variant]);
  return state.key === key ? { url: state.url, error: state.error } : { url: null, error: null };
}

const EMPTY: QueueSnapshot = { entries: [], progress: new Map(), failures: new Map() };
const noop = () => () => undefined;
const empty = () => EMPTY;

/** Everything waiting to upload, live: also once the outbox starts after the room rendered. */
export function useOutboxSnapshot(): QueueSnapshot {
  const queue = useSyncExternalStore(onUploadsChange, peekUploads)?.queue;
  return useSyncExternalStore(queue?.subscribe ?? noop, queue?.getSnapshot ?? empty);
}

export interface PendingUpload {
  entry: OutboxEntry;
  progress: UploadProgress | null;
  failure: string | null;
}

/** A room's attachments waiting to upload, in send order. */
export function usePendingUploads(roomId: string): PendingUpload[] {
  const snapshot = useOutboxSnapshot();
  return snapshot.entries
    .filter((entry) => entry.room_id === roomId)
    .map((entry) => ({
      entry,
      progress: snapshot.progress.get(entry.id) ?? null,
      failure: snapshot.failures.get(entry.id) ?? null,
    }));
}
