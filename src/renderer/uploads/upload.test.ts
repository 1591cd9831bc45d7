import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prepareVoice } from './prepare';
import { createUploader } from './upload';

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A stand-in XMLHttpRequest: records what was sent and answers from `answers`, in order. */
function installFakeXhr(answers: Array<{ status: number; body: unknown }>) {
  const sent: Sent[] = [];
  class FakeXhr {
    upload: {
      onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null;
    } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    onabort: (() => void) | null = null;
    status = 0;
    responseText = '';
    private url = '';
    private headers: Record<string, string> = {};
    open(_method: string, url: string) {
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    getResponseHeader() {
      return null;
    }
    abort() {
      this.onabort?.();
    }
    send(body: unknown) {
      sent.push({ url: this.url, headers: this.headers, body });
      const answer = answers.shift() ?? { status: 500, body: {} };
      queueMicrotask(() => {
        this.upload.onprogress?.({ loaded: 2, total: 4, lengthComputable: true });
        this.status = answer.status;
        this.responseText = JSON.stringify(answer.body);
        this.onload?.();
      });
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return sent;
}

const uploaded = {
  id: 'a1',
  name: 'voice-note.webm',
  mime: 'audio/webm',
  size: 4,
  sha256: 'x',
  width: null,
  height: null,
  duration_ms: 3000,
  thumbnail: null,
};

beforeEach(() => vi.unstubAllGlobals());
afterEach(() => vi.unstubAllGlobals());

describe('createUploader', () => {
  it('sends the bytes with the token in the Authorization header, never in the URL, and reports progress', async () => {
    const sent = installFakeXhr([{ status: 201, body: uploaded }]);
    const http = { baseUrl: 'http://s.test', accessTokenFor: vi.fn(async () => 'tok-1') };
    const item = prepareVoice('dm:a:b', new Blob(['opus'], { type: 'audio/webm' }), 3000);
    const progress: number[] = [];
    const answer = await createUploader(http)(
      item.entry,
      item.blob,
      (p) => progress.push(p.loaded),
      new AbortController().signal,
    );
    expect(answer).toEqual(uploaded);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe(
      'http://s.test/api/chat/rooms/dm%3Aa%3Ab/attachments/?name=voice-note.webm&duration_ms=3000',
    );
    expect(sent[0]?.url).not.toContain('tok-1');
    expect(sent[0]?.headers).toMatchObject({ Authorization: 'Bearer tok-1', 'Content-Type': 'audio/webm' });
    expect(sent[0]?.body).toBe(item.blob);
    expect(progress).toEqual([2, 4]);
  });

  it('refreshes once on 401 and retries with the new token; a refusal becomes the server error', async () => {
    const sent = installFakeXhr([
      { status: 401, body: { error: { code: 'token_expired', message: 'expired' } } },
      {
        status: 415,
        body: { error: { code: 'unsupported_media_type', message: 'This type of file cannot be sent.' } },
      },
    ]);
    const http = {
      baseUrl: 'http://s.test',
      accessTokenFor: vi.fn(async (refused?: string) => (refused ? 'tok-2' : 'tok-1')),
    };
    const item = prepareVoice('r1', new Blob(['x'], { type: 'audio/webm' }), 1000);
    await expect(
      createUploader(http)(item.entry, item.blob, () => undefined, new AbortController().signal),
    ).rejects.toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
    expect(sent.map((s) => s.headers.Authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(http.accessTokenFor).toHaveBeenLastCalledWith('tok-1');
  });
});
