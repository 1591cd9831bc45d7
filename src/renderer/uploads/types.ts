/** What the client keeps about attachments waiting to upload (SPEC §8). */
import type { AttachmentKind, MessageAttachment } from '../../shared/schemas';

export type { AttachmentKind };
/** What a message carries (SPEC §8); the server checks it against what it stored for the upload. */
export type AttachmentMeta = MessageAttachment;

/** The server's answer to an upload (SPEC §8), as the shared contract says. */
export type { UploadAnswer as UploadedFile } from '../../shared/api';

/**
 * A message waiting for its file to upload. Its id is the message's id, chosen when the user
 * pressed Send, so however often the upload and the write are retried (a reload, a restart,
 * two tabs) the server stores one message. It describes the file as the message will; its
 * `thumbnail` is made on this device (canvas, no metadata) until the server's replaces it.
 */
export interface OutboxEntry extends Omit<MessageAttachment, 'id'> {
  id: string;
  room_id: string;
  kind: AttachmentKind;
  /** The caption. */
  content: string;
  /**
   * The album of photos sent together, or null. Absent on entries stored before albums; they
   * are read as null.
   */
  album_id?: string | null;
  created_at: string;
  /** Set once the upload has succeeded, so a restart goes straight to writing the message. */
  uploaded: AttachmentMeta | null;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}
