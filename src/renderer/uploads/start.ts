import type { HttpClient } from '../api/http';
import { sendAttachmentMessage } from '../db/media-actions';
import { forgetUploads, peekUploads, startUploads, stopUploads, type UploadRuntime } from './runtime';

/**
 * The session's entry to attachments, loaded with the database modules: starts the user's
 * outbox after sync has started, stops it with the session, and forgets the files at sign-out.
 */
export function startUserUploads(http: HttpClient, me: string): Promise<UploadRuntime> {
  return startUploads({ http, me, send: sendAttachmentMessage });
}

export { forgetUploads, peekUploads, stopUploads };
