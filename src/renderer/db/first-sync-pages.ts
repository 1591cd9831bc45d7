import type { HttpClient } from '../api/http';
import { PULL_BATCH_MAX } from '../../shared/limits';
import type { PullResponse, SyncCheckpoint } from '../../shared/replication';

type Page = PullResponse<'messages'>;

/** Pages fetched and not taken yet, at most: the download runs ahead of the writes by this much. */
export const PAGES_AHEAD = 2;

const pullPage = (http: HttpClient, checkpoint: SyncCheckpoint | null) =>
  http.request<Page>(
    'GET',
    `/api/sync/messages/pull?${new URLSearchParams({ checkpoint: checkpoint ? JSON.stringify(checkpoint) : '', limit: String(PULL_BATCH_MAX) }).toString()}`,
  );

/** The message history page by page, from the start of the server's feed (or a checkpoint in it). */
export interface PageReader {
  /** The next page, or null after the last one (a page shorter than the maximum) or once stopped. */
  next(): Promise<Page | null>;
}

/**
 * Reads the history ahead of the writes: each page is requested as soon as the one before it
 * has arrived (its checkpoint is the next request's), while at most `ahead` pages wait to be
 * taken. Requested only when the one before was taken, a page's round trip and parsing sat
 * between two page writes whenever a write was quicker than them. The first request goes out
 * at once. A failed request fails the `next()` that takes it, and nothing is requested after it.
 */
export function readPages(http: HttpClient, isStopped: () => boolean, ahead = PAGES_AHEAD, from: SyncCheckpoint | null = null): PageReader {
  const slots: Promise<Page | null>[] = [];
  let ended = false;
  let signal: (() => void) | null = null;
  const changed = () => {
    const resume = signal;
    signal = null;
    resume?.();
  };
  const waitForChange = () => new Promise<void>((resolve) => (signal = resolve));
  const offer = (slot: Promise<Page | null>) => {
    slot.catch(() => undefined);
    slots.push(slot);
    changed();
  };

  const run = async () => {
    let checkpoint: SyncCheckpoint | null = from;
    try {
      for (;;) {
        while (slots.length >= ahead && !isStopped()) await waitForChange();
        if (isStopped()) return;
        const request = pullPage(http, checkpoint);
        offer(request);
        const page = await request;
        if (page.documents.length < PULL_BATCH_MAX) return;
        checkpoint = page.checkpoint ?? checkpoint;
      }
    } finally {
      ended = true;
      changed();
    }
  };
  run().catch(() => undefined);

  return {
    async next() {
      for (;;) {
        const slot = slots.shift();
        if (slot) {
          changed();
          return slot;
        }
        if (ended || isStopped()) return null;
        await waitForChange();
      }
    },
  };
}
