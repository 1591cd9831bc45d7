import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THUMBNAIL_MAX_CHARS } from '../src/shared';
import { createJob, startDm } from './fixtures';
import { attachmentMessage, download, photoWithGps, upload } from './attachments-kit';
import { closeAll, errorCode, register, startTestServer, startTestServers, TEST_BACKEND, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

/** A PE executable's first bytes: "MZ", then the offset of its "PE\0\0" header. */
function executable(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

async function trio() {
  const [alice, bob, carol] = await Promise.all([register(server, 'client'), register(server, 'cleaner'), register(server, 'cleaner')]);
  return { alice, bob, carol, room: await startDm(alice, bob) };
}

describe('POST /api/chat/rooms/:id/attachments/ and GET /api/attachments/:id (SPEC §8)', () => {
  it('a photo is re-encoded without EXIF or GPS, scaled to 2,048 px, and answered with its size and a thumbnail under 8 KiB', async () => {
    const { alice, room } = await trio();
    const original = await photoWithGps(3000, 2000);
    const before = await sharp(original).metadata();
    expect(before.exif?.toString('latin1')).toContain('SecretCam');
    const res = await upload(alice, room, original, { name: 'stain.jpg', type: 'image/jpeg' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'stain.jpg', mime: 'image/jpeg', width: 2048, height: 1365, duration_ms: null });
    expect(Object.keys(res.body).sort()).toEqual(['duration_ms', 'height', 'id', 'mime', 'name', 'sha256', 'size', 'thumbnail', 'width']);
    expect(res.body.thumbnail).toMatch(/^data:image\/webp;base64,/);
    expect(res.body.thumbnail!.length).toBeLessThanOrEqual(THUMBNAIL_MAX_CHARS);

    const got = await download(alice, `/api/attachments/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toMatch(/^inline/);
    expect(got.bytes.length).toBe(res.body.size);
    const after = await sharp(got.bytes).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(got.bytes.toString('latin1')).not.toContain('SecretCam');
    expect(Math.max(after.width, after.height)).toBe(2048);

    const thumb = await download(alice, `/api/attachments/${res.body.id}/thumbnail`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect(`data:image/webp;base64,${thumb.bytes.toString('base64')}`).toBe(res.body.thumbnail);
  });

  it('the same bytes again answer the same attachment', async () => {
    const { alice, room } = await trio();
    const photo = await photoWithGps(400, 300, '#123');
    const first = await upload(alice, room, photo, { name: 'a.jpg', type: 'image/jpeg' });
    const again = await upload(alice, room, photo, { name: 'b.jpg', type: 'image/jpeg' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });

  it('a renamed executable is refused with 415 whatever its name and declared type; so is an unknown binary', async () => {
    const { alice, room } = await trio();
    const exe = await upload(alice, room, executable(), { name: 'photo.jpg', type: 'image/jpeg' });
    expect(exe.status).toBe(415);
    expect(errorCode(exe as never)).toBe('unsupported_media_type');
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(300)]);
    expect((await upload(alice, room, elf, { name: 'notes.txt', type: 'text/plain' })).status).toBe(415);
    expect((await upload(alice, room, Buffer.from([0, 1, 2, 3, 250, 251]), { name: 'x.bin' })).status).toBe(415);
  });

  it('a file that is not a photo or audio is served as a download, typed from its bytes', async () => {
    const { alice, room } = await trio();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
    const res = await upload(alice, room, pdf, { name: 'Rechnung März.pdf', type: 'image/png' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'application/pdf', width: null, height: null, thumbnail: null, size: pdf.length });
    const got = await download(alice, `/api/attachments/${res.body.id}`);
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.bytes.equals(pdf)).toBe(true);
    expect((await download(alice, `/api/attachments/${res.body.id}/thumbnail`)).status).toBe(404);
    const text = await upload(alice, room, Buffer.from('Key box code: 4711\n'), { name: 'notes.txt' });
    expect(text.body.mime).toBe('text/plain');
  });

  it('a voice note keeps the duration the client measured, validated and bounded', async () => {
    const { alice, room } = await trio();
    // An Ogg page header with an OpusHead packet: what Firefox's MediaRecorder writes.
    const ogg = Buffer.concat([Buffer.from('OggS\0\x02', 'latin1'), Buffer.alloc(22), Buffer.from('OpusHead\x01', 'latin1'), Buffer.alloc(64)]);
    const res = await upload(alice, room, ogg, { name: 'voice.ogg', type: 'audio/ogg', query: '&duration_ms=12345' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'audio/ogg', duration_ms: 12345 });
    const bad = await upload(alice, room, Buffer.concat([ogg, Buffer.from('x')]), { name: 'v.ogg', query: '&duration_ms=999999999' });
    expect(bad.status).toBe(400);
  });

  it('413 over 25 MiB, and nothing is stored', async () => {
    const { alice, bob, room } = await trio();
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x41);
    const res = await upload(alice, room, big, { name: 'big.txt' });
    expect(res.status).toBe(413);
    expect(errorCode(res as never)).toBe('payload_too_large');
    expect(await readdir(join(server.dataDir, 'blobs', 'incoming'))).toEqual([]);
    // The JSON limit is unchanged next to it.
    const json = await bob.post(`/api/chat/rooms/${room}/messages/`, { content: 'x'.repeat(300 * 1024) });
    expect(json.status).toBe(413);
  });

  it('only participants upload: a stranger gets 404, and so does a missing room', async () => {
    const { carol, room } = await trio();
    expect((await upload(carol, room, Buffer.from('hello\n'), { name: 'a.txt' })).status).toBe(404);
    expect((await upload(carol, 'dm:nobody:none', Buffer.from('hello\n'), { name: 'a.txt' })).status).toBe(404);
  });

  it('who may read: the uploader before sending, the room after; a stranger, a removed member and a guessed id get 404', async () => {
    const [client, first, second, stranger] = await Promise.all([
      register(server, 'client'),
      register(server, 'cleaner'),
      register(server, 'cleaner'),
      register(server, 'client'),
    ]);
    const job = await createJob(client, first.id);
    const room = `job:${job.id}`;
    const up = (await upload(client, room, await photoWithGps(300, 200), { name: 'key-box.jpg', type: 'image/jpeg' })).body;
    const path = `/api/attachments/${up.id}`;
    expect((await download(client, path)).status).toBe(200);
    // Uploaded but not sent: nobody else, not even the room.
    expect((await download(first, path)).status).toBe(404);

    const { doc, row } = attachmentMessage(client, room, up, 'image', 'Where the key box is');
    expect((await client.push('messages', [row])).body).toEqual([]);
    expect((await download(first, path)).status).toBe(200);
    expect((await download(first, `${path}/thumbnail`)).status).toBe(200);
    const pulled = (await first.pullAll('messages')).documents.find((m) => m.id === doc.id);
    expect(pulled?.attachment).toEqual(doc.attachment);

    expect((await client.patch(`/api/jobs/${job.id}`, { cleaner_id: second.id })).status).toBe(200);
    for (const who of [first, stranger]) {
      const res = await download(who, path);
      expect(res.status).toBe(404);
      expect((await download(who, `${path}/thumbnail`)).status).toBe(404);
    }
    expect((await download(second, path)).status).toBe(200);
    const guessed = await download(client, '/api/attachments/00000000-0000-4000-8000-000000000000');
    expect(guessed.status).toBe(404);
    expect(JSON.parse(guessed.bytes.toString()).error.code).toBe('not_found');
  });

  it(`instances over one database serve each other's uploads (${TEST_BACKEND})`, async () => {
    const [one, two] = await startTestServers(2);
    const [alice, bob] = await Promise.all([register(one!, 'client'), register(two!, 'cleaner')]);
    const room = await startDm(alice, bob);
    const up = (await upload(alice, room, await photoWithGps(640, 480), { name: 'before.jpg', type: 'image/jpeg' })).body;
    expect((await alice.push('messages', [attachmentMessage(alice, room, up).row])).body).toEqual([]);
    const got = await download(bob, `/api/attachments/${up.id}`);
    expect(got.status).toBe(200);
    expect(got.bytes.length).toBe(up.size);
  });
});
