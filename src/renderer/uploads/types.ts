/**
 * What the client keeps about attachments. The message fields follow SPEC §8
 * (`attachment: {id, name, mime, size, width, height, duration_ms, thumbnail}`).
 */
export type AttachmentKind = 'image' | 'file' | 'voice';

export interface AttachmentMeta {
  id: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  /** A data URL of at most 8 KiB for photos, so lists and offline views need no download. */
  thumbnail: string | null;
}

/** The server's answer to an upload (SPEC §8). */
export interface UploadedFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
}

/**
 * A message waiting for its file to upload. Its id is the message's id, chosen when the user
 * pressed Send, so however often the upload and the write are retried (a reload, a restart,
 * two tabs) the server stores one message.
 */
export interface OutboxEntry {
  id: string;
  room_id: string;
  kind: AttachmentKind;
  /** The caption. */
  content: string;
  created_at: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  /** Made on this device from the photo (canvas, no metadata); null when it could not be. */
  thumbnail: string | null;
  /** Set once the upload has succeeded, so a restart goes straight to writing the message. */
  uploaded: AttachmentMeta | null;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}
