import sharp from 'sharp';
import type { MessageAttachment, WireDoc } from '../src/shared';
import { createRow, messageDoc, type Client } from './helpers';

/** The 201 answer of an upload (SPEC §8). */
export interface Uploaded extends MessageAttachment {
  sha256: string;
}

export interface UploadReply {
  status: number;
  headers: Headers;
  body: Uploaded & { error?: { code: string; message: string } };
}

/** POSTs `bytes` to the room's attachment route as the client would. */
export async function upload(
  who: Client,
  roomId: string,
  bytes: Uint8Array,
  opts: { name?: string; type?: string; query?: string } = {},
): Promise<UploadReply> {
  const q = new URLSearchParams({ name: opts.name ?? 'file.bin' });
  const res = await fetch(`${who.base}/api/chat/rooms/${encodeURIComponent(roomId)}/attachments/?${q}${opts.query ?? ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': opts.type ?? 'application/octet-stream' },
    body: bytes,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** GETs a path with the client's token and answers status, headers and the raw bytes. */
export async function download(who: Client, path: string) {
  const res = await fetch(`${who.base}${path}`, { headers: { authorization: `Bearer ${who.token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A JPEG photo that carries EXIF with a GPS position, a camera name and an orientation. */
export function photoWithGps(width = 3000, height = 2000, color = '#3a7'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg()
    .withMetadata({
      exif: {
        IFD0: { Make: 'SecretCam', Model: 'Spy 9000', Copyright: 'Alice' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 22/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '4/1 53/1 0/1' },
      },
    })
    .toBuffer();
}

/** The body part of a message, from an upload's answer (what the app puts in the message). */
export function attachmentOf(up: Uploaded): MessageAttachment {
  const { sha256: _sha, ...attachment } = up;
  return attachment;
}

/** A push row that sends `attachment` into the room as a photo (or another kind). */
export function attachmentMessage(who: Client, roomId: string, up: Uploaded, kind: 'image' | 'file' | 'voice' = 'image', content = '') {
  const doc: WireDoc<'messages'> = messageDoc(who.id, roomId, { kind, content, attachment: attachmentOf(up) });
  return { doc, row: createRow(doc) };
}
