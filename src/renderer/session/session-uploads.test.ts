import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncHandle } from '../db/sync';
import { resetAppStore } from '../store';
import { eventually, fakeFetch, fakePlatform, json, user } from '../test/fakes';
import { attachVoice } from '../uploads/attach';
import type * as StartModule from '../uploads/start';
import { peekUploads } from '../uploads/runtime';
import { configureSession, signIn, signOut } from './session';
import { useSessionStore } from './state';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

/** The outbox's start waits at this gate: its chunk and IndexedDB open, made slow at will. */
const gate = vi.hoisted(() => ({ open: Promise.resolve() as Promise<void> }));
vi.mock('../uploads/start', async (importOriginal) => {
  const real = await importOriginal<typeof StartModule>();
  return {
    ...real,
    startUserUploads: async (...args: Parameters<typeof real.startUserUploads>) => {
      await gate.open;
      return real.startUserUploads(...args);
    },
  };
});

/** Upload requests as they leave: the outbox POSTs each file with XMLHttpRequest. */
const posted: string[] = [];
class RecordingXhr {
  upload = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  private url = '';
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  getResponseHeader() {
    return null;
  }
  abort() {}
  send() {
    posted.push(this.url);
    queueMicrotask(() => this.onerror?.());
  }
}

let counter = 0;
const startSync = vi.fn((): SyncHandle => ({
  replications: {} as SyncHandle['replications'],
  reconnect: () => undefined,
  stop: async () => undefined,
}));

beforeEach(() => {
  counter += 1;
  const me = user(`uploader${counter}`);
  posted.length = 0;
  localStorage.clear();
  resetAppStore();
  vi.stubGlobal('XMLHttpRequest', RecordingXhr);
  const server = fakeFetch({
    'POST /api/auth/login': () => json(200, { user: me, access_token: 'access-1', refresh_token: 'refresh-1' }),
    'POST /api/auth/logout': () => json(204, null),
  });
  configureSession({ platform: fakePlatform(null), fetch: server.fetch, storage: getRxStorageMemory(), multiInstance: false, startSync });
});

afterEach(async () => {
  gate.open = Promise.resolve();
  if (useSessionStore.getState().status === 'signed-in') await signOut();
  vi.unstubAllGlobals();
});

describe('the attachment outbox at sign-in', SLOW, () => {
  it('does not hold back the signed-in app while it starts', async () => {
    gate.open = new Promise<void>(() => undefined);
    void signIn('alice', 'right');
    await eventually(() => expect(useSessionStore.getState().status).toBe('signed-in'));
    await eventually(() => expect(startSync).toHaveBeenCalled());
    expect(peekUploads()).toBeNull();
  });

  it('takes what is attached before it is ready and sends it once it is', async () => {
    let release = () => undefined as void;
    gate.open = new Promise<void>((resolve) => (release = resolve));
    await signIn('alice', 'right');
    expect(useSessionStore.getState().status).toBe('signed-in');
    const attached = attachVoice('dm:a:b', new Blob(['opus bytes'], { type: 'audio/webm' }), 2_000);
    release();
    await attached;
    await eventually(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toContain('/api/chat/rooms/dm%3Aa%3Ab/attachments/');
    expect(peekUploads()?.queue.getSnapshot().entries).toHaveLength(1);
  });
});
