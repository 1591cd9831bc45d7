import { describeError, isAuthError, isOfflineError } from '../api/errors';
import type { FileStore } from './outboxStore';
import type { AttachmentMeta, OutboxEntry, UploadedFile, UploadProgress } from './types';

export interface UploadQueueDeps {
  store: FileStore;
  /** Uploads the bytes (SPEC §8); rejects with an AbortError when `signal` fires. */
  upload(
    entry: OutboxEntry,
    blob: Blob,
    onProgress: (progress: UploadProgress) => void,
    signal: AbortSignal,
  ): Promise<UploadedFile>;
  /** The server's thumbnail as a data URL, when the upload's answer did not carry it. */
  serverThumbnail?(file: UploadedFile): Promise<string | null>;
  /** Writes the message locally (replication pushes it). Idempotent by the entry's id. */
  send(entry: OutboxEntry, attachment: AttachmentMeta): Promise<void>;
  /** Runs `work` as the only queue runner across tabs (a Web Lock); default: run it. */
  exclusive?(work: () => Promise<void>): Promise<void>;
}

/** What the screens see of the queue. */
export interface QueueSnapshot {
  entries: readonly OutboxEntry[];
  progress: ReadonlyMap<string, UploadProgress>;
  /** Why an entry is not moving: the server refused it (stays until removed or retried). */
  failures: ReadonlyMap<string, string>;
}

function isAbort(err: unknown): boolean {
  return (err as { name?: unknown } | null)?.name === 'AbortError';
}

/**
 * The offline-first outbox for attachments. Order of work per entry, each step durable before
 * the next: bytes and entry stored → upload → the server's attachment recorded on the entry →
 * message written to RxDB (which replication pushes) → entry removed. A restart at any point
 * resumes at the step that did not finish; the upload is idempotent on the server (same bytes,
 * same attachment) and the message id was fixed at Send, so the message exists once.
 * The photos of an album upload one by one, each with its own progress, but their messages are
 * written together once the last one is uploaded, so the album reaches the timeline (and the
 * other side) as one grid rather than photo by photo. A cancelled photo simply leaves it.
 */
export class UploadQueue {
  private snapshot: QueueSnapshot = { entries: [], progress: new Map(), failures: new Map() };
  private readonly listeners = new Set<() => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly cancelled = new Set<string>();
  private current: { id: string; abort: AbortController } | null = null;

  constructor(private readonly deps: UploadQueueDeps) {}

  /** Reads what a previous run left in the store. */
  async load(): Promise<void> {
    this.update({ entries: await this.deps.store.listOutbox() });
  }

  getSnapshot = (): QueueSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Keeps the files and their messages on the device, then starts uploading. */
  async enqueue(items: ReadonlyArray<{ entry: OutboxEntry; blob: Blob }>): Promise<void> {
    await this.deps.store.addOutbox(items);
    this.update({ entries: [...this.snapshot.entries, ...items.map((item) => item.entry)] });
    void this.run();
  }

  /** Works through the outbox; a call while running makes it look again when done. */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const exclusive = this.deps.exclusive ?? ((work) => work());
    this.running = exclusive(() => this.loop()).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Drops an entry that has not been sent: its upload stops and its message is never written. */
  async cancel(id: string): Promise<void> {
    this.cancelled.add(id);
    if (this.current?.id === id) this.current.abort.abort();
    await this.deps.store.removeOutbox(id);
    this.forget(id);
    // The rest of its album may have been waiting only for this one.
    void this.run();
  }

  /** Tries a refused entry again. */
  retry(id: string): Promise<void> {
    const failures = new Map(this.snapshot.failures);
    failures.delete(id);
    this.update({ failures });
    return this.run();
  }

  /** Stops for good (sign-out): the current upload is aborted, the store keeps the rest. */
  stop(): void {
    this.stopped = true;
    this.current?.abort.abort();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const entries = await this.deps.store.listOutbox();
      // Another tab may have sent (or added) entries meanwhile: the store is the truth.
      this.update({ entries: entries.filter((entry) => !this.cancelled.has(entry.id)) });
      for (const entry of entries) {
        if (this.stopped) return;
        if (this.cancelled.has(entry.id) || this.snapshot.failures.has(entry.id)) continue;
        // Already written with the rest of its album during this pass.
        if (!this.snapshot.entries.some((e) => e.id === entry.id)) continue;
        // Offline: the rest would fail the same way; the next run (connection back) resumes.
        if ((await this.process(entry)) === 'offline') return;
      }
    } while (this.again && !this.stopped);
  }

  private async process(entry: OutboxEntry): Promise<'done' | 'offline' | 'failed'> {
    try {
      let attachment = entry.uploaded;
      if (!attachment) {
        const blob = await this.deps.store.outboxBlob(entry.id);
        if (!blob) throw new Error('The file is no longer on this device.');
        const abort = new AbortController();
        this.current = { id: entry.id, abort };
        const onProgress = (progress: UploadProgress) => {
          const next = new Map(this.snapshot.progress);
          next.set(entry.id, progress);
          this.update({ progress: next });
        };
        const file = await this.deps.upload(entry, blob, onProgress, abort.signal).finally(() => {
          this.current = null;
        });
        attachment = await this.attachmentOf(entry, file);
        if (this.cancelled.has(entry.id)) return 'done';
        await this.deps.store.putOutbox({ ...entry, uploaded: attachment });
      }
      if (this.cancelled.has(entry.id)) return 'done';
      for (const ready of await this.readyToSend({ ...entry, uploaded: attachment })) {
        await this.deps.send(ready, ready.uploaded as AttachmentMeta);
        await this.deps.store.removeOutbox(ready.id);
        this.forget(ready.id);
      }
      return 'done';
    } catch (err) {
      if (isAbort(err) || this.stopped) return 'done';
      if (isOfflineError(err) || isAuthError(err)) return 'offline';
      const failures = new Map(this.snapshot.failures);
      failures.set(entry.id, describeError(err));
      this.update({ failures });
      return 'failed';
    }
  }

  /**
   * What may be written now that `entry` is uploaded: itself, or for a photo of an album, the
   * whole album in send order once none of it is still uploading (none while some is).
   */
  private async readyToSend(entry: OutboxEntry & { uploaded: AttachmentMeta }): Promise<OutboxEntry[]> {
    if (!entry.album_id) return [entry];
    const album = (await this.deps.store.listOutbox()).filter(
      (e) => e.album_id === entry.album_id && !this.cancelled.has(e.id),
    );
    const members = album.map((e) => (e.id === entry.id ? entry : e));
    return members.every((e) => e.uploaded) ? members : [];
  }

  /**
   * The message's attachment is the server's description of what it stored (type from the
   * bytes, size after re-encoding, its thumbnail): the push is refused unless they match.
   */
  private async attachmentOf(entry: OutboxEntry, file: UploadedFile): Promise<AttachmentMeta> {
    let thumbnail = file.thumbnail ?? null;
    if (file.thumbnail === undefined && entry.kind === 'image' && this.deps.serverThumbnail) {
      thumbnail = await this.deps.serverThumbnail(file).catch(() => null);
    }
    return {
      id: file.id,
      name: file.name || entry.name,
      mime: file.mime,
      size: file.size,
      width: file.width,
      height: file.height,
      duration_ms: file.duration_ms ?? entry.duration_ms,
      thumbnail,
    };
  }

  private forget(id: string): void {
    const progress = new Map(this.snapshot.progress);
    progress.delete(id);
    const failures = new Map(this.snapshot.failures);
    failures.delete(id);
    this.update({ entries: this.snapshot.entries.filter((entry) => entry.id !== id), progress, failures });
  }

  private update(patch: Partial<QueueSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
