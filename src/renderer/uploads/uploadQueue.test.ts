import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, offlineError } from '../api/errors';
import { openFileStore, removeFileStore, type FileStore } from './outboxStore';
import { prepareVoice } from './prepare';
import type { AttachmentMeta, OutboxEntry, UploadedFile } from './types';
import { UploadQueue, type UploadQueueDeps } from './uploadQueue';

const USER = 'alice';

/** A server that stores a message once per id, as the push endpoint does. */
function fakeServer() {
  const messages = new Map<string, AttachmentMeta>();
  const writes: string[] = [];
  const bodies: string[] = [];
  let uploads = 0;
  let online = true;
  return {
    messages,
    writes,
    bodies,
    get uploads() {
      return uploads;
    },
    setOnline(value: boolean) {
      online = value;
    },
    async upload(
      entry: OutboxEntry,
      blob: Blob,
      onProgress: (p: { loaded: number; total: number }) => void,
    ): Promise<UploadedFile> {
      if (!online) throw offlineError();
      uploads += 1;
      bodies.push(await blob.text());
      onProgress({ loaded: blob.size, total: blob.size });
      return {
        id: `att-${entry.name}`,
        name: entry.name,
        mime: entry.mime,
        size: blob.size,
        sha256: 'x',
        width: null,
        height: null,
        duration_ms: entry.duration_ms,
        thumbnail: null,
      };
    },
    async send(entry: OutboxEntry, attachment: AttachmentMeta) {
      writes.push(entry.id);
      if (!messages.has(entry.id)) messages.set(entry.id, attachment);
    },
  };
}

let stores: FileStore[] = [];
async function store(): Promise<FileStore> {
  const opened = await openFileStore(USER);
  stores.push(opened);
  return opened;
}

function queueOf(
  s: FileStore,
  server: ReturnType<typeof fakeServer>,
  overrides: Partial<UploadQueueDeps> = {},
) {
  return new UploadQueue({ store: s, upload: server.upload, send: server.send, ...overrides });
}

const voice = () =>
  prepareVoice('dm:alice:bob', new Blob(['opus bytes'], { type: 'audio/webm;codecs=opus' }), 12_000);

/** Photos sent together: one album id on each (the queue does not look at the bytes). */
const album = (n: number) => {
  const albumId = `album-${Math.random()}`;
  return Array.from({ length: n }, (_, i) => {
    const item = voice();
    return { blob: item.blob, entry: { ...item.entry, kind: 'image' as const, name: `p${i}.jpg`, album_id: albumId } };
  });
};

beforeEach(() => {
  stores = [];
});
afterEach(async () => {
  for (const s of stores) s.close();
  await removeFileStore(USER);
});

describe('UploadQueue', () => {
  it('keeps an entry attached offline across a restart and sends it once when online', async () => {
    const server = fakeServer();
    server.setOnline(false);
    const first = queueOf(await store(), server);
    const item = voice();
    await first.enqueue([item]);
    await first.run();
    expect(first.getSnapshot().entries.map((e) => e.id)).toEqual([item.entry.id]);
    first.stop();

    // Restart: a new queue over the same IndexedDB finds the entry and its bytes.
    server.setOnline(true);
    const second = queueOf(await store(), server);
    await second.load();
    expect(second.getSnapshot().entries).toHaveLength(1);
    await second.run();
    expect([...server.messages.keys()]).toEqual([item.entry.id]);
    expect(server.bodies).toEqual(['opus bytes']);
    expect(server.messages.get(item.entry.id)).toMatchObject({
      id: 'att-voice-note.webm',
      duration_ms: 12_000,
      mime: 'audio/webm',
    });
    expect(second.getSnapshot().entries).toEqual([]);
    expect(await (await store()).listOutbox()).toEqual([]);
  });

  it('after a crash between writing the message and clearing the entry, writes the same message id again and never uploads twice', async () => {
    const server = fakeServer();
    const s = await store();
    const crashing = queueOf(s, server, {
      send: async (entry, attachment) => {
        await server.send(entry, attachment);
        throw new Error('the window closed');
      },
    });
    const item = voice();
    await crashing.enqueue([item]);
    await crashing.run();
    crashing.stop();
    expect(server.uploads).toBe(1);

    const restarted = queueOf(await store(), server);
    await restarted.load();
    await restarted.run();
    expect(server.uploads).toBe(1);
    expect(server.writes).toEqual([item.entry.id, item.entry.id]);
    expect(server.messages.size).toBe(1);
    expect(await s.listOutbox()).toEqual([]);
  });

  it('cancel drops the entry and its bytes; its message is never written', async () => {
    const server = fakeServer();
    server.setOnline(false);
    const s = await store();
    const queue = queueOf(s, server);
    const item = voice();
    await queue.enqueue([item]);
    await queue.cancel(item.entry.id);
    server.setOnline(true);
    await queue.run();
    expect(server.messages.size).toBe(0);
    expect(await s.outboxBlob(item.entry.id)).toBeNull();
    expect(queue.getSnapshot().entries).toEqual([]);
  });

  it('keeps a refused upload with the reason and goes on with the next one', async () => {
    const server = fakeServer();
    const s = await store();
    const refused = voice();
    const fine = voice();
    const queue = queueOf(s, server, {
      upload: async (entry, blob, onProgress) => {
        if (entry.id === refused.entry.id)
          throw new ApiError(415, 'unsupported_media_type', 'This type of file cannot be sent.');
        return server.upload(entry, blob, onProgress);
      },
    });
    await queue.enqueue([refused, fine]);
    await queue.run();
    expect([...server.messages.keys()]).toEqual([fine.entry.id]);
    expect(queue.getSnapshot().failures.get(refused.entry.id)).toBe('This type of file cannot be sent.');
    expect(queue.getSnapshot().entries.map((e) => e.id)).toEqual([refused.entry.id]);
  });

  it('writes the messages of an album together, in send order, once its last photo is uploaded; each uploads once across a restart', async () => {
    const server = fakeServer();
    const photos = album(3);
    const last = photos[2]!.entry.id;
    const uploading = (fail: boolean) => async (entry: OutboxEntry, blob: Blob, onProgress: (p: { loaded: number; total: number }) => void) => {
      if (fail && entry.id === last) throw offlineError();
      return server.upload(entry, blob, onProgress);
    };
    const first = queueOf(await store(), server, { upload: uploading(true) });
    await first.enqueue(photos);
    await first.run();
    expect(server.uploads).toBe(2);
    expect(server.writes).toEqual([]);
    first.stop();

    const second = queueOf(await store(), server, { upload: uploading(false) });
    await second.load();
    await second.run();
    expect(server.uploads).toBe(3);
    expect(server.writes).toEqual(photos.map((p) => p.entry.id));
    expect(await (await store()).listOutbox()).toEqual([]);
  });

  it('a refused photo holds its album back until it is removed; then the rest is written', async () => {
    const server = fakeServer();
    const photos = album(3);
    const refused = photos[1]!.entry.id;
    const queue = queueOf(await store(), server, {
      upload: async (entry, blob, onProgress) => {
        if (entry.id === refused) throw new ApiError(415, 'unsupported_media_type', 'This type of file cannot be sent.');
        return server.upload(entry, blob, onProgress);
      },
    });
    await queue.enqueue(photos);
    await queue.run();
    expect(server.writes).toEqual([]);
    await queue.cancel(refused);
    await queue.run();
    expect(server.writes).toEqual([photos[0]!.entry.id, photos[2]!.entry.id]);
    expect(server.uploads).toBe(2);
  });
});
