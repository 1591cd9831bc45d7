import { ApiError, errorFromResponse, offlineError } from '../api/errors';
import type { HttpClient } from '../api/http';
import type { OutboxEntry, UploadedFile, UploadProgress } from './types';

/** What the uploader needs from the session's HTTP client. */
export type UploadHttp = Pick<HttpClient, 'baseUrl' | 'accessTokenFor'>;

function abortError(): DOMException {
  return new DOMException('The upload was cancelled.', 'AbortError');
}

/** One XMLHttpRequest POST of the bytes; resolves with the status and body, whatever the status. */
function post(
  url: string,
  token: string,
  blob: Blob,
  mime: string,
  onProgress: (p: UploadProgress) => void,
  signal: AbortSignal,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    // The token travels in the header, never in the URL (SPEC §3).
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', mime || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) =>
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : blob.size });
    xhr.onload = () => {
      const headers = new Headers();
      const retryAfter = xhr.getResponseHeader('Retry-After');
      if (retryAfter) headers.set('Retry-After', retryAfter);
      resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers }));
    };
    xhr.onerror = () => reject(offlineError());
    xhr.ontimeout = () => reject(offlineError());
    xhr.onabort = () => reject(abortError());
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(blob);
  });
}

/**
 * Uploads an entry's bytes to its room (SPEC §8) with progress, through the session's tokens:
 * on 401 one refresh and one retry, like every other request. Non-2xx answers throw ApiError.
 */
export function createUploader(http: UploadHttp) {
  return async function upload(
    entry: OutboxEntry,
    blob: Blob,
    onProgress: (p: UploadProgress) => void,
    signal: AbortSignal,
  ): Promise<UploadedFile> {
    const params = new URLSearchParams({ name: entry.name });
    // A recording's length is known to the recorder; WebM from MediaRecorder does not state it.
    if (entry.duration_ms !== null) params.set('duration_ms', String(entry.duration_ms));
    const url = `${http.baseUrl}/api/chat/rooms/${encodeURIComponent(entry.room_id)}/attachments/?${params.toString()}`;
    let token = await http.accessTokenFor();
    let res = await post(url, token, blob, entry.mime, onProgress, signal);
    if (res.status === 401) {
      token = await http.accessTokenFor(token);
      res = await post(url, token, blob, entry.mime, onProgress, signal);
    }
    if (!res.ok) throw await errorFromResponse(res);
    const body = (await res.json()) as UploadedFile;
    if (typeof body?.id !== 'string')
      throw new ApiError(res.status, 'bad_response', 'The server did not describe the upload.');
    onProgress({ loaded: blob.size, total: blob.size });
    return body;
  };
}
