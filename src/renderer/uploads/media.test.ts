import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpClient } from '../api/http';
import { offlineError } from '../api/errors';
import { loadMedia, usePendingUploads } from './media';
import { openFileStore } from './outboxStore';
import { prepareVoice } from './prepare';
import { forgetUploads, startUploads } from './runtime';

const memoryStore = () => {
  let token: string | null = null;
  return {
    get: async () => token,
    set: async (t: string) => ((token = t), { persisted: true }),
    clear: async () => void (token = null),
  };
};

afterEach(async () => {
  await forgetUploads('alice');
});

describe('loadMedia', () => {
  it('downloads with the Authorization header once and serves what was viewed from the device afterwards, offline too', async () => {
    let online = true;
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (!online) throw new TypeError('Failed to fetch');
      void url;
      void init;
      return new Response(new Uint8Array([0xff, 0xd8, 0xff, 7]), {
        status: 200,
        headers: { 'Content-Type': 'image/jpeg' },
      });
    });
    const http = new HttpClient({ baseUrl: 'http://s.test', store: memoryStore(), fetch });
    await http.setSession({ access_token: 'tok', refresh_token: 'r' });
    await startUploads({ http, me: 'alice', send: async () => undefined });

    const first = await loadMedia('att-1', 'full');
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 7]));
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('http://s.test/api/attachments/att-1');
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer tok');

    online = false;
    const again = await loadMedia('att-1', 'full');
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 7]));
    expect(fetch).toHaveBeenCalledTimes(1);
    // Never viewed: offline it cannot be shown, and says so.
    await expect(loadMedia('att-2', 'full')).rejects.toMatchObject({ code: 'offline' });
  });
});

describe('usePendingUploads', () => {
  it('shows what a reload left in the outbox when the outbox starts after the room rendered', async () => {
    // Attached offline before the reload: the entry waits in the user's file store.
    const item = prepareVoice('dm:alice:bob', new Blob(['opus'], { type: 'audio/webm;codecs=opus' }), 3_000);
    const before = await openFileStore('alice');
    await before.addOutbox([item]);
    before.close();

    // The room is on screen first; the session starts the outbox after the list's paint.
    const { result } = renderHook(() => usePendingUploads('dm:alice:bob'));
    expect(result.current).toEqual([]);
    const fetch = vi.fn(async () => {
      throw offlineError();
    });
    const http = new HttpClient({ baseUrl: 'http://s.test', store: memoryStore(), fetch });
    await act(() => startUploads({ http, me: 'alice', send: async () => undefined }));
    await waitFor(() => expect(result.current.map((p) => p.entry.id)).toEqual([item.entry.id]));
  });
});
