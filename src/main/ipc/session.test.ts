import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenStore, NO_KEYCHAIN_REASON, PLAINTEXT_KEYRING_REASON } from './session';
import type { SafeStorageLike } from './session';

/** Reversible "encryption" so a test can tell ciphertext from the token on disk. */
function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (text) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`),
    decryptStringAsync: async (data) => {
      const text = data.toString();
      if (!text.startsWith('enc:')) throw new Error('bad ciphertext');
      return { result: Buffer.from(text.slice(4), 'base64').toString(), shouldReEncrypt: false };
    },
  };
}

describe('createTokenStore', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cleanchat-session-'));
    path = join(dir, 'session.bin');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('persists the token encrypted when a keychain is available', async () => {
    const store = createTokenStore({ safeStorage: fakeSafeStorage(true), platform: 'linux', path });
    expect(await store.get()).toBeNull();
    expect(await store.set('refresh-secret')).toEqual({ persisted: true });
    expect(readFileSync(path, 'utf8')).not.toContain('refresh-secret');
    const next = createTokenStore({ safeStorage: fakeSafeStorage(true), platform: 'linux', path });
    expect(await next.get()).toBe('refresh-secret');
  });

  it('does not persist with the basic_text backend, keeps the token for this run and says why', async () => {
    const store = createTokenStore({
      safeStorage: fakeSafeStorage(true, 'basic_text'),
      platform: 'linux',
      path,
    });
    expect(await store.set('refresh-secret')).toEqual({ persisted: false, reason: PLAINTEXT_KEYRING_REASON });
    expect(existsSync(path)).toBe(false);
    expect(await store.get()).toBe('refresh-secret');
    const afterRestart = createTokenStore({
      safeStorage: fakeSafeStorage(true, 'basic_text'),
      platform: 'linux',
      path,
    });
    expect(await afterRestart.get()).toBeNull();
  });

  it('treats an unknown Linux backend like basic_text', async () => {
    const store = createTokenStore({
      safeStorage: fakeSafeStorage(true, 'unknown'),
      platform: 'linux',
      path,
    });
    expect((await store.set('t')).persisted).toBe(false);
  });

  it('does not consult the Linux backend elsewhere', async () => {
    const store = createTokenStore({
      safeStorage: fakeSafeStorage(true, 'basic_text'),
      platform: 'darwin',
      path,
    });
    expect(await store.set('t')).toEqual({ persisted: true });
  });

  it('does not persist when encryption is unavailable and removes an older file', async () => {
    writeFileSync(path, 'enc:b2xk');
    const store = createTokenStore({ safeStorage: fakeSafeStorage(false), platform: 'win32', path });
    expect(await store.set('t')).toEqual({ persisted: false, reason: NO_KEYCHAIN_REASON });
    expect(existsSync(path)).toBe(false);
  });

  it('clears memory and disk', async () => {
    const store = createTokenStore({ safeStorage: fakeSafeStorage(true), platform: 'linux', path });
    await store.set('t');
    await store.clear();
    expect(await store.get()).toBeNull();
    expect(existsSync(path)).toBe(false);
  });

  it('drops a file it cannot decrypt', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    writeFileSync(path, 'garbage');
    const store = createTokenStore({ safeStorage: fakeSafeStorage(true), platform: 'linux', path });
    expect(await store.get()).toBeNull();
    expect(existsSync(path)).toBe(false);
  });
});
