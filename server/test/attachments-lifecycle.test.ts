import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../src/app';
import { DEFAULT_CONFIG } from '../src/config';
import { sweepAttachments } from '../src/domain/attachments';
import { startDm } from './fixtures';
import { attachmentMessage, download, upload } from './attachments-kit';
import { freshDatabase, register, TEST_JWT_SECRET } from './helpers';

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});

const GRACE_MS = 60 * 60_000;

/** A server whose context the test holds, so it can run the sweep with its own clock. */
async function previewOf(who: { get<T>(path: string): Promise<{ body: T }> }, roomId: string) {
  const rooms = (await who.get<Array<{ id: string; last_message_content: string | null }>>('/api/chat/rooms/')).body;
  return rooms.find((r) => r.id === roomId)?.last_message_content;
}

async function serverWith(attachments: Partial<typeof DEFAULT_CONFIG.attachments> = {}) {
  const db = await freshDatabase();
  const server = await startServer({
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'silent',
    authRateLimit: { windowMs: 60_000, max: 100_000 },
    attachments: { ...DEFAULT_CONFIG.attachments, graceMs: GRACE_MS, sweepEveryMs: 0, ...attachments },
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
  });
  running.push(async () => {
    await server.close();
    await db.drop();
  });
  const [alice, bob] = await Promise.all([register(server, 'client'), register(server, 'cleaner')]);
  return { server, alice, bob, room: await startDm(alice, bob) };
}

const text = (s: string) => Buffer.from(`${s}\n`);
const later = (ms: number) => new Date(Date.now() + ms);

describe('attachments over their life: sending, deleting, collecting, quotas', () => {
  it('collects, after the grace period, uploads never sent and those whose message was deleted; a sent one and a shared blob stay', async () => {
    const { server, alice, bob, room } = await serverWith();
    const unsent = (await upload(alice, room, text('never sent'), { name: 'a.txt' })).body;
    const sent = (await upload(alice, room, text('sent'), { name: 'b.txt' })).body;
    const deleted = (await upload(alice, room, text('sent then deleted'), { name: 'c.txt' })).body;
    // Bob uploads the bytes Alice never sent: the blob is his too, and he sends it.
    const shared = (await upload(bob, room, text('never sent'), { name: 'mine.txt' })).body;
    expect(shared.sha256).toBe(unsent.sha256);
    for (const [who, up] of [[alice, sent], [alice, deleted], [bob, shared]] as const) {
      expect((await who.push('messages', [attachmentMessage(who, room, up, 'file').row])).body).toEqual([]);
    }
    const doomed = (await alice.pullAll('messages')).documents.find((m) => m.attachment?.id === deleted.id)!;
    const del = { ...doomed, deleted: true, content: '', attachment: null, location: null };
    expect((await alice.push('messages', [{ newDocumentState: del, assumedMasterState: doomed }])).body).toEqual([]);
    const cleared = (await bob.pullAll('messages')).documents.find((m) => m.id === doomed.id);
    expect(cleared).toMatchObject({ deleted: true, content: '', attachment: null, location: null });
    expect((await download(bob, `/api/attachments/${deleted.id}`)).status).toBe(404);

    // What a process killed in the middle of an upload leaves in the spool.
    const spool = join(server.ctx.config.dataDir, 'blobs', 'incoming');
    await mkdir(spool, { recursive: true });
    await writeFile(join(spool, 'upload-left-behind'), 'half a photo');

    expect(await sweepAttachments(server.ctx, later(GRACE_MS - 60_000))).toEqual({ attachments: 0, blobs: 0, spooled: 0 });
    expect(await sweepAttachments(server.ctx, later(GRACE_MS + 60_000))).toEqual({ attachments: 2, blobs: 1, spooled: 1 });
    expect(await readdir(spool)).toEqual([]);
    expect((await download(alice, `/api/attachments/${unsent.id}`)).status).toBe(404);
    expect((await download(alice, `/api/attachments/${deleted.id}`)).status).toBe(404);
    expect(await server.ctx.blobs.has(deleted.sha256)).toBe(false);
    for (const up of [sent, shared]) expect((await download(alice, `/api/attachments/${up.id}`)).status).toBe(200);
    expect(await server.ctx.blobs.has(unsent.sha256)).toBe(true);

    // Collected bytes can simply be sent again.
    const again = await upload(alice, room, text('sent then deleted'), { name: 'c.txt' });
    expect(again.status).toBe(201);
    expect((await download(alice, `/api/attachments/${again.body.id}`)).bytes.toString()).toBe('sent then deleted\n');
  });

  it('the storage quota counts bytes held; a re-upload is free and a refusal stores nothing', async () => {
    const { alice, room } = await serverWith({ quotaBytes: 100 });
    const first = await upload(alice, room, Buffer.from(`${'a'.repeat(59)}\n`), { name: 'a.txt' });
    expect(first.status).toBe(201);
    const over = await upload(alice, room, Buffer.from(`${'b'.repeat(59)}\n`), { name: 'b.txt' });
    expect(over.status).toBe(403);
    expect(over.body.error?.code).toBe('quota_exceeded');
    expect((await upload(alice, room, Buffer.from(`${'a'.repeat(59)}\n`), { name: 'a.txt' })).status).toBe(201);
    expect((await upload(alice, room, Buffer.from(`${'c'.repeat(39)}\n`), { name: 'c.txt' })).status).toBe(201);
  });

  it('upload bytes per user are rate limited: 429 with Retry-After, other users unaffected', async () => {
    const { alice, bob, room } = await serverWith({ uploadBytes: 1000 });
    expect((await upload(alice, room, Buffer.from(`${'a'.repeat(799)}\n`), { name: 'a.txt' })).status).toBe(201);
    const limited = await upload(alice, room, Buffer.from(`${'b'.repeat(299)}\n`), { name: 'b.txt' });
    expect(limited.status).toBe(429);
    expect(limited.body.error?.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await upload(bob, room, Buffer.from(`${'b'.repeat(299)}\n`), { name: 'b.txt' })).status).toBe(201);
  });

  it('only an own upload, described as stored, may be sent; an edit keeps the attachment and changes the caption', async () => {
    const { alice, bob, room } = await serverWith();
    const up = (await upload(alice, room, text('door code'), { name: 'code.txt' })).body;
    const stolen = attachmentMessage(bob, room, up, 'file');
    expect((await bob.push('messages', [stolen.row])).body).toMatchObject([{ id: stolen.doc.id, _deleted: true }]);
    const forged = attachmentMessage(alice, room, { ...up, size: up.size + 1 }, 'file');
    expect((await alice.push('messages', [forged.row])).body).toMatchObject([{ id: forged.doc.id, _deleted: true }]);
    const asPhoto = attachmentMessage(alice, room, up, 'image');
    expect((await alice.push('messages', [asPhoto.row])).body).toMatchObject([{ id: asPhoto.doc.id, _deleted: true }]);

    const { doc, row } = attachmentMessage(alice, room, { ...up, name: 'Key box.txt' }, 'file', 'Key box');
    expect((await alice.push('messages', [row])).body).toEqual([]);
    // A replay with the fields in another order is the same write: it stores nothing and is answered with the stored message.
    const reordered = { ...doc, attachment: Object.fromEntries(Object.entries(doc.attachment!).reverse()) as typeof doc.attachment };
    const replayed = (await alice.push('messages', [{ newDocumentState: reordered, assumedMasterState: null }])).body;
    const stored = (await alice.pullAll('messages')).documents.find((m) => m.id === doc.id)!;
    expect(replayed).toEqual([stored]);
    expect(stored.attachment).toEqual({ ...doc.attachment, name: 'Key box.txt' });

    const edit = { ...stored, content: 'Key box, left of the door' };
    expect((await alice.push('messages', [{ newDocumentState: edit, assumedMasterState: stored }])).body).toEqual([]);
    const edited = (await bob.pullAll('messages')).documents.find((m) => m.id === doc.id)!;
    expect(edited).toMatchObject({ content: 'Key box, left of the door', attachment: stored.attachment });
    // The room's preview is the message's one-line text by the shared rule (src/shared/preview.ts).
    expect(await previewOf(bob, room)).toBe('Key box.txt: Key box, left of the door');
    const swap = { ...edited, attachment: null };
    expect((await alice.push('messages', [{ newDocumentState: swap, assumedMasterState: edited }])).body).toMatchObject([
      { id: doc.id, attachment: stored.attachment },
    ]);
  });

  it('a location travels in its message; out-of-range or misplaced locations are refused and store nothing', async () => {
    const { alice, bob, room } = await serverWith();
    const { messageDoc, createRow } = await import('./helpers');
    const pin = messageDoc(alice.id, room, { kind: 'location', content: '', location: { lat: 52.3731, lng: 4.8922, label: 'Back entrance' } });
    expect((await alice.push('messages', [createRow(pin)])).body).toEqual([]);
    expect((await bob.pullAll('messages')).documents.find((m) => m.id === pin.id)?.location).toEqual(pin.location);
    expect(await previewOf(bob, room)).toBe('Location');
    const far = messageDoc(alice.id, room, { kind: 'location', location: { lat: 95, lng: 0, label: '' } });
    expect((await alice.push('messages', [createRow(far)])).status).toBe(400);
    const onText = messageDoc(alice.id, room, { kind: 'text', location: { lat: 1, lng: 1, label: '' } });
    expect((await alice.push('messages', [createRow(onText)])).body).toMatchObject([{ id: onText.id, _deleted: true }]);
    const ids = (await bob.pullAll('messages')).documents.map((m) => m.id);
    expect(ids).not.toContain(onText.id);
    expect(ids).not.toContain(far.id);
  });
});
