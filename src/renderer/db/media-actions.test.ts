import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileStore, removeFileStore, type FileStore } from '../uploads/outboxStore';
import { prepareVoice } from '../uploads/prepare';
import type { OutboxEntry, UploadedFile } from '../uploads/types';
import { UploadQueue } from '../uploads/uploadQueue';
import { openTestDb, room } from '../test/fakes';
import type { CleanchatDatabase } from './database';
import { sendAttachmentMessage, sendLocation } from './media-actions';

const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';
let db: CleanchatDatabase;
let stores: FileStore[];

beforeEach(async () => {
  db = await openTestDb('alice');
  await db.rooms.insert(room(DM, ['alice', 'bob']));
  stores = [];
});
afterEach(async () => {
  for (const s of stores) s.close();
  await removeFileStore('alice');
  await db.remove();
});

async function upload(entry: OutboxEntry): Promise<UploadedFile> {
  return {
    id: '0f4f6c52-1111-4c2a-9d7e-000000000001',
    name: entry.name,
    mime: 'audio/webm',
    size: entry.size,
    sha256: 'x',
    width: null,
    height: null,
    duration_ms: entry.duration_ms,
    thumbnail: null,
  };
}

describe('attachment messages', SLOW, () => {
  it('a restart between writing the message and clearing the outbox leaves one pending message, with the time it was sent', async () => {
    const item = prepareVoice(DM, new Blob(['opus'], { type: 'audio/webm' }), 12_000);
    const first = await openFileStore('alice');
    stores.push(first);
    const crashing = new UploadQueue({
      store: first,
      upload,
      send: async (entry, attachment) => {
        await sendAttachmentMessage(entry, attachment);
        throw new Error('closed before the outbox was cleared');
      },
    });
    await crashing.enqueue([item]);
    await crashing.run();
    crashing.stop();

    const second = await openFileStore('alice');
    stores.push(second);
    const restarted = new UploadQueue({ store: second, upload, send: sendAttachmentMessage });
    await restarted.load();
    await restarted.run();

    const docs = (await db.messages.find().exec()).map((d) => d.toJSON());
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      id: item.entry.id,
      kind: 'voice',
      content: '',
      created_at: item.entry.created_at,
      server_seq: 0,
      attachment: { mime: 'audio/webm', duration_ms: 12_000, thumbnail: null },
      location: null,
    });
    expect(await second.listOutbox()).toEqual([]);
  });

  it('refuses an attachment that breaks the shared rule and stores nothing', async () => {
    const item = prepareVoice(DM, new Blob(['opus'], { type: 'audio/webm' }), 12_000);
    const attachment = { ...(await upload(item.entry)), mime: 'application/x-msdownload', thumbnail: null };
    await expect(sendAttachmentMessage(item.entry, attachment)).rejects.toThrow(/not allowed/);
    expect(await db.messages.count().exec()).toBe(0);
  });

  it('writes a photo with its album id; an entry stored before albums is in none; the album rule refuses the rest', async () => {
    const photo: OutboxEntry = {
      ...prepareVoice(DM, new Blob(['x'], { type: 'audio/webm' }), 1).entry,
      kind: 'image', name: 'a.png', mime: 'image/png', width: 4, height: 3, duration_ms: null,
      album_id: '0190a6e2-3b4c-7d5e-8f60-123456789abc',
    };
    const { sha256: _sha, ...uploaded } = await upload(photo);
    const attachment = { ...uploaded, mime: 'image/png', width: 4, height: 3, duration_ms: null };
    await sendAttachmentMessage(photo, attachment);
    const { album_id: _old, ...before } = { ...photo, id: '0190a6e2-3b4c-7d5e-8f60-000000000002' };
    await sendAttachmentMessage(before, attachment);
    const docs = (await db.messages.find().exec()).map((d) => d.toJSON());
    expect(docs.map((d) => [d.id, d.album_id])).toEqual(
      expect.arrayContaining([[photo.id, photo.album_id], [before.id, null]]),
    );
    const voice = prepareVoice(DM, new Blob(['opus'], { type: 'audio/webm' }), 12_000).entry;
    await expect(sendAttachmentMessage({ ...voice, album_id: photo.album_id }, { ...uploaded, duration_ms: 12_000 })).rejects.toThrow(/only photos/);
    expect(await db.messages.count().exec()).toBe(2);
  });

  it('shares a location at once, with a trimmed label', async () => {
    await sendLocation(DM, { lat: 51.50722, lng: -0.1275, label: '  Back entrance ' });
    const [doc] = (await db.messages.find().exec()).map((d) => d.toJSON());
    expect(doc).toMatchObject({
      kind: 'location',
      content: '',
      attachment: null,
      location: { lat: 51.50722, lng: -0.1275, label: 'Back entrance' },
    });
    await expect(sendLocation(DM, { lat: 91, lng: 0, label: '' })).rejects.toThrow(/lat must be/);
  });
});
