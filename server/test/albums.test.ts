import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALBUM_MAX_PHOTOS, newMessageId, type WireDoc } from '../src/shared';
import { attachmentOf, upload, type Uploaded } from './attachments-kit';
import { startDm } from './fixtures';
import { closeAll, createRow, messageDoc, register, startTestServer, type Client, type TestServer } from './helpers';

let server: TestServer;
let alice: Client;
let bob: Client;
let carol: Client;
let room: string;
let colour = 0;

beforeAll(async () => {
  server = await startTestServer();
  [alice, bob, carol] = await Promise.all([register(server), register(server, 'cleaner'), register(server)]);
  room = await startDm(alice, bob);
});
afterAll(closeAll);

/** A small photo of its own colour (new bytes each time), uploaded by `who`. */
async function photo(who: Client, roomId = room): Promise<Uploaded> {
  colour += 1;
  const background = { r: colour % 256, g: (colour * 7) % 256, b: (colour * 13) % 256 };
  const bytes = await sharp({ create: { width: 16, height: 12, channels: 3, background } }).png().toBuffer();
  const reply = await upload(who, roomId, bytes, { name: `p${colour}.png` });
  expect(reply.status).toBe(201);
  return reply.body;
}

function albumPhoto(who: Client, albumId: string, up: Uploaded, extra: Partial<WireDoc<'messages'>> = {}, roomId = room) {
  return messageDoc(who.id, roomId, { kind: 'image', content: '', attachment: attachmentOf(up), album_id: albumId, ...extra });
}

/** Pushes one new message; true when the server stored it (no conflict came back). */
async function stored(who: Client, doc: WireDoc<'messages'>): Promise<boolean> {
  const reply = await who.push('messages', [createRow(doc)]);
  expect(reply.status).toBe(200);
  return reply.body.length === 0;
}

describe('albums: photos sent together carry one album_id', () => {
  it('stores every photo of an album with its album id, served by pull and REST alike; a replay stores nothing new', async () => {
    const albumId = newMessageId();
    const docs = [
      albumPhoto(alice, albumId, await photo(alice), { content: 'Before and after' }),
      albumPhoto(alice, albumId, await photo(alice)),
      albumPhoto(alice, albumId, await photo(alice)),
    ];
    expect((await alice.push('messages', docs.map(createRow))).body).toEqual([]);
    // A replay of a create is answered with the stored message (album id included), and stores nothing new.
    const replay = await alice.push('messages', [createRow(docs[0]!)]);
    for (const doc of replay.body) expect(doc).toMatchObject({ id: docs[0]!.id, album_id: albumId, _deleted: false });
    const pulled = (await bob.pullAll('messages')).documents.filter((m) => m.album_id === albumId);
    expect(pulled.map((m) => m.id)).toEqual(docs.map((d) => d.id));
    expect(pulled[0]?.content).toBe('Before and after');
    const page = (await bob.messages(room)).filter((m) => m.album_id === albumId);
    expect(page).toHaveLength(3);
  });

  it('refuses an album id on anything but a photo, and one not shaped like an id', async () => {
    const up = await photo(alice);
    const file = { ...attachmentOf(up) };
    expect(await stored(alice, messageDoc(alice.id, room, { kind: 'file', attachment: file, album_id: newMessageId() }))).toBe(false);
    expect(await stored(alice, messageDoc(alice.id, room, { kind: 'text', album_id: newMessageId() }))).toBe(false);
    expect(await stored(alice, albumPhoto(alice, 'my-album', up))).toBe(false);
    const none = (await alice.pullAll('messages')).documents.filter((m) => m.attachment?.id === up.id);
    expect(none).toEqual([]);
  });

  it("refuses a photo joining another sender's album, or the album of another room", async () => {
    const albumId = newMessageId();
    expect(await stored(alice, albumPhoto(alice, albumId, await photo(alice)))).toBe(true);
    // Bob is in the room, but the album is Alice's.
    expect(await stored(bob, albumPhoto(bob, albumId, await photo(bob)))).toBe(false);
    const elsewhere = await startDm(alice, carol);
    expect(await stored(alice, albumPhoto(alice, albumId, await photo(alice, elsewhere), {}, elsewhere))).toBe(false);
    const members = (await alice.pullAll('messages')).documents.filter((m) => m.album_id === albumId);
    expect(members.map((m) => m.sender_id)).toEqual([alice.id]);
  });

  it(`holds at most ${ALBUM_MAX_PHOTOS} photos`, async () => {
    const albumId = newMessageId();
    const docs = [];
    for (let i = 0; i < ALBUM_MAX_PHOTOS; i++) docs.push(albumPhoto(alice, albumId, await photo(alice)));
    expect((await alice.push('messages', docs.map(createRow))).body).toEqual([]);
    expect(await stored(alice, albumPhoto(alice, albumId, await photo(alice)))).toBe(false);
  });

  it('a deleted photo keeps its album id (the grid loses one tile); the album id cannot be changed', async () => {
    const albumId = newMessageId();
    const docs = [albumPhoto(alice, albumId, await photo(alice)), albumPhoto(alice, albumId, await photo(alice))];
    expect((await alice.push('messages', docs.map(createRow))).body).toEqual([]);
    const [first, second] = (await alice.pullAll('messages')).documents.filter((m) => m.album_id === albumId);
    const moved = { ...second!, album_id: newMessageId() };
    expect((await alice.push('messages', [{ newDocumentState: moved, assumedMasterState: second! }])).body).toHaveLength(1);
    const deleted = { ...first!, deleted: true, content: '', attachment: null };
    expect((await alice.push('messages', [{ newDocumentState: deleted, assumedMasterState: first! }])).body).toEqual([]);
    const after = (await bob.pullAll('messages')).documents.filter((m) => m.album_id === albumId);
    after.sort((x, y) => x.server_seq - y.server_seq);
    expect(after.map((m) => [m.id, m.deleted])).toEqual([
      [first!.id, true],
      [second!.id, false],
    ]);
  });
});
