import type { HttpClient } from '../api/http';
import { sendAttachmentMessage } from '../db/media-actions';
import { forgetUploads, startUploads, stopUploads } from './runtime';

/**
 * The session's entry to attachments, loaded with the database modules: starts the user's
 * outbox after sync has started, stops it with the session, and forgets the files at sign-out.
 */
export async function startUserUploads(http: HttpClient, me: string): Promise<void> {
  await startUploads({ http, me, send: sendAttachmentMessage });
}

export { forgetUploads, stopUploads };
