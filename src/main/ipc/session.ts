import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TokenPersistResult } from '../../shared/ipc';
import { removeFile } from '../json-file';
import { log } from '../log';
import type { RegisterHandler } from './handle';

/** The async safeStorage API of Electron 45 (the sync one is deprecated); tests pass a fake. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only; returns 'unknown' before the app is ready. */
  getSelectedStorageBackend(): string;
}

export const NO_KEYCHAIN_REASON =
  'This system offers no keychain to encrypt your session, so it is not saved: you will sign in again next time.';
export const PLAINTEXT_KEYRING_REASON =
  'Only an unencrypted fallback keyring is available here (no GNOME Keyring, KWallet or other Secret Service), so your session is not saved: you will sign in again next time.';

/** Why the token may not be written to disk on this machine, or null when it may. */
export async function refuseReason(safeStorage: SafeStorageLike, platform: string): Promise<string | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return NO_KEYCHAIN_REASON;
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    // basic_text encrypts with a key hard-coded in Chromium: as good as plain text on disk.
    if (backend === 'basic_text' || backend === 'unknown') return PLAINTEXT_KEYRING_REASON;
  }
  return null;
}

/**
 * The refresh token, encrypted with the OS keychain through safeStorage. Where only the insecure
 * fallback exists it lives in memory for this run only (a reload keeps the session, a restart
 * does not) and `set` reports why. Never logged.
 */
export function createTokenStore(options: { safeStorage: SafeStorageLike; platform: string; path: string }) {
  const { safeStorage, platform, path } = options;
  let memory: string | null | undefined;

  async function load(): Promise<string | null> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(path);
    } catch {
      return null;
    }
    try {
      if (await refuseReason(safeStorage, platform)) return null;
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(encrypted);
      if (shouldReEncrypt) await write(result);
      return result;
    } catch {
      log.warn('stored session could not be decrypted; signing in again');
      removeFile(path);
      return null;
    }
  }

  async function write(token: string): Promise<void> {
    const encrypted = await safeStorage.encryptStringAsync(token);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, encrypted, { mode: 0o600 });
  }

  return {
    async get(): Promise<string | null> {
      if (memory === undefined) memory = await load();
      return memory;
    },
    async set(token: string): Promise<TokenPersistResult> {
      memory = token;
      const reason = await refuseReason(safeStorage, platform);
      if (reason) {
        removeFile(path);
        return { persisted: false, reason };
      }
      try {
        await write(token);
        return { persisted: true };
      } catch {
        log.warn('session could not be encrypted; keeping it for this run only');
        removeFile(path);
        return { persisted: false, reason: NO_KEYCHAIN_REASON };
      }
    },
    async clear(): Promise<void> {
      memory = null;
      removeFile(path);
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;

export function registerSessionIpc(handle: RegisterHandler, tokens: TokenStore): void {
  handle('session:get-token', () => tokens.get());
  handle('session:set-token', ({ token }) => tokens.set(token));
  handle('session:clear-token', () => tokens.clear());
}
