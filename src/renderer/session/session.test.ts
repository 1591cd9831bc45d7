import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getHttp } from '../api/client';
import { getCurrentDb, peekCurrentDb } from '../db/current';
import { openDatabase } from '../db/database';
import type { SyncHandle } from '../db/sync';
import { resetAppStore, useAppStore } from '../store';
import { fakeFetch, fakePlatform, json, user, type FakeCall, eventually } from '../test/fakes';
import { configureSession, restoreSession, signIn, signOut } from './session';
import { readCachedUser, useSessionStore, writeCachedUser } from './state';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

const storage = getRxStorageMemory();
let counter = 0;
let me: ReturnType<typeof user>;
let refreshStatus = 200;
let offline = false;
const stopSync = vi.fn(async () => undefined);
const startSync = vi.fn((): SyncHandle => ({
  replications: {} as SyncHandle['replications'],
  reconnect: () => undefined,
  stop: stopSync,
}));

function setup(token: string | null) {
  const platform = fakePlatform(token);
  const server = fakeFetch({
    'POST /api/auth/refresh': () =>
      refreshStatus === 200
        ? json(200, { access_token: 'access-2', refresh_token: 'refresh-2' })
        : json(refreshStatus, { error: { code: 'invalid_token', message: 'revoked' } }),
    'GET /api/auth/me': () => json(200, { ...me, email: 'me@example.com' }),
    'POST /api/auth/login': (call: FakeCall) =>
      (call.body as { password: string }).password === 'right'
        ? json(200, { user: me, access_token: 'access-1', refresh_token: 'refresh-1' })
        : json(401, { error: { code: 'invalid_credentials', message: 'Wrong username or password' } }),
    'POST /api/auth/logout': () => json(204, null),
  });
  const fetch = (input: string, init?: RequestInit) =>
    offline ? Promise.reject(new TypeError('offline')) : server.fetch(input, init);
  configureSession({ platform, fetch, storage, multiInstance: false, startSync });
  return { platform, calls: server.calls };
}

const status = () => useSessionStore.getState().status;

/** Whether the user's database still holds data, checked by opening it again. */
async function hasLocalData(userId: string): Promise<boolean> {
  const db = await openDatabase({ userId, storage, multiInstance: false });
  const count = await db.users.count().exec();
  await db.close();
  return count > 0;
}

beforeEach(() => {
  counter += 1;
  me = user(`alice${counter}`);
  refreshStatus = 200;
  offline = false;
  localStorage.clear();
  resetAppStore();
  startSync.mockClear();
  stopSync.mockClear();
});

afterEach(async () => {
  if (status() === 'signed-in') await signOut();
});

describe('restoreSession', SLOW, () => {
  it('shows the sign-in screen when no refresh token is stored', async () => {
    const { calls } = setup(null);
    await restoreSession();
    expect(status()).toBe('signed-out');
    expect(calls).toEqual([]);
  });

  it('refreshes, loads the user and opens their database', async () => {
    const { platform, calls } = setup('refresh-1');
    await restoreSession();
    expect(status()).toBe('signed-in');
    expect(useSessionStore.getState().user).toMatchObject({ id: me.id, email: 'me@example.com' });
    expect(calls.map((c) => c.path)).toEqual(['/api/auth/refresh', '/api/auth/me']);
    expect(platform.token).toBe('refresh-2');
    expect(getCurrentDb().me).toBe(me.id);
    expect(await getCurrentDb().db.users.findOne(me.id).exec()).not.toBeNull();
    expect(startSync).toHaveBeenCalledTimes(1);
    expect(readCachedUser()?.id).toBe(me.id);
  });

  it('opens the local data offline with the cached user and keeps the token', async () => {
    writeCachedUser(me);
    const { platform } = setup('refresh-1');
    offline = true;
    await restoreSession();
    expect(status()).toBe('signed-in');
    expect(useSessionStore.getState().user?.id).toBe(me.id);
    expect(startSync).toHaveBeenCalledTimes(1);
    expect(platform.token).toBe('refresh-1');
  });

  it('stays signed out with a notice when offline and nothing is cached', async () => {
    const { platform } = setup('refresh-1');
    offline = true;
    await restoreSession();
    expect(status()).toBe('signed-out');
    expect(useAppStore.getState().notice).toMatch(/Cannot reach the server/);
    expect(platform.token).toBe('refresh-1');
  });

  it('signs out and removes local data when the server refuses the token', async () => {
    const first = setup('refresh-1');
    await restoreSession();
    expect(await hasLocalData(me.id)).toBe(true);
    await getCurrentDb().db.close();
    // Next start: the token was revoked meanwhile (e.g. signed out elsewhere).
    refreshStatus = 401;
    const { platform } = setup(first.platform.token);
    await restoreSession();
    await eventually(() => expect(status()).toBe('signed-out'));
    expect(platform.token).toBeNull();
    expect(readCachedUser()).toBeNull();
    expect(await hasLocalData(me.id)).toBe(false);
  });
});

describe('losing the session', SLOW, () => {
  it('signs out with a notice when the server later refuses the token', async () => {
    writeCachedUser(me);
    setup('refresh-1');
    offline = true;
    await restoreSession();
    expect(status()).toBe('signed-in');
    // Back online, sync refreshes and the server says the token is dead.
    offline = false;
    refreshStatus = 401;
    await expect(getHttp().refresh()).rejects.toMatchObject({ status: 401 });
    await eventually(() => expect(status()).toBe('signed-out'));
    expect(useAppStore.getState().notice).toMatch(/session has ended/);
    expect(stopSync).toHaveBeenCalledTimes(1);
    expect(await hasLocalData(me.id)).toBe(false);
  });
});

describe('signIn and signOut', SLOW, () => {
  it('logs in by username or email and reports wrong credentials', async () => {
    const { calls, platform } = setup(null);
    await expect(signIn('alice', 'wrong')).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(status()).not.toBe('signed-in');
    await signIn(' alice@example.com ', 'right');
    expect(calls.map((c) => c.body)).toEqual([
      { username: 'alice', password: 'wrong' },
      { email: 'alice@example.com', password: 'right' },
    ]);
    expect(status()).toBe('signed-in');
    expect(platform.token).toBe('refresh-1');
  });

  it('revokes the token, stops sync and removes the local database', async () => {
    const { calls, platform } = setup(null);
    await signIn('alice', 'right');
    useAppStore.getState().setDraft('r', 'private draft');
    await signOut();
    expect(stopSync).toHaveBeenCalledTimes(1);
    const logout = calls.find((c) => c.path === '/api/auth/logout');
    expect(logout).toMatchObject({ auth: 'Bearer access-1', body: { refresh_token: 'refresh-1' } });
    expect(platform.token).toBeNull();
    expect(status()).toBe('signed-out');
    expect(peekCurrentDb()).toBeNull();
    expect(useAppStore.getState().drafts).toEqual({});
    expect(readCachedUser()).toBeNull();
    expect(await hasLocalData(me.id)).toBe(false);
  });

  it('signs out locally even when the server cannot be reached', async () => {
    const { platform } = setup(null);
    await signIn('alice', 'right');
    offline = true;
    await signOut();
    expect(status()).toBe('signed-out');
    expect(platform.token).toBeNull();
    expect(await hasLocalData(me.id)).toBe(false);
  });
});
