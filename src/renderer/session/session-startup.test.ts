import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getCurrentDb, peekCurrentDb } from '../db/current';
import { openDatabase } from '../db/database';
import { roomList$ } from '../db/room-list';
import type { SyncHandle } from '../db/sync';
import { resetAppStore, useAppStore } from '../store';
import { eventually, fakeFetch, fakePlatform, json, room, user, type FakeCall } from '../test/fakes';
import { configureSession, restoreSession, signIn, signOut } from './session';
import { readCachedUser, useSessionStore, writeCachedUser } from './state';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

const storage = getRxStorageMemory();
let counter = 0;
let alice: ReturnType<typeof user>;
let bob: ReturnType<typeof user>;
const startSync = vi.fn((): SyncHandle => ({
  replications: {} as SyncHandle['replications'],
  reconnect: () => undefined,
  stop: async () => undefined,
}));

/** The refresh waits here until the test answers it: a slow network, made as slow as needed. */
function refreshGate() {
  let answer: (status: number) => void = () => undefined;
  const answered = new Promise<number>((resolve) => (answer = resolve));
  return { answered, answer };
}

function setup(token: string | null, gate: ReturnType<typeof refreshGate>) {
  const platform = fakePlatform(token);
  const server = fakeFetch({
    'POST /api/auth/refresh': async () => {
      const status = await gate.answered;
      return status === 200
        ? json(200, { access_token: 'access-2', refresh_token: 'refresh-2' })
        : json(status, { error: { code: 'invalid_token', message: 'revoked' } });
    },
    'GET /api/auth/me': () => json(200, alice),
    'POST /api/auth/login': (call: FakeCall) =>
      json(200, { user: (call.body as { username: string }).username === bob.username ? bob : alice, access_token: 'access-b', refresh_token: 'refresh-b' }),
    'POST /api/auth/logout': () => json(204, null),
  });
  configureSession({ platform, fetch: server.fetch, storage, multiInstance: false, startSync });
  return { platform, calls: server.calls };
}

const status = () => useSessionStore.getState().status;

/** Leaves a user's data on the device (their record and a conversation), as a previous run of the app did. */
async function storeLocalData(id: string): Promise<void> {
  const db = await openDatabase({ userId: id, storage, multiInstance: false });
  await db.users.insert(user(id));
  await db.rooms.insert(room(`dm:${id}:zed`, [id, 'zed']));
  await db.close();
}

async function hasLocalData(userId: string): Promise<boolean> {
  const db = await openDatabase({ userId, storage, multiInstance: false });
  const count = await db.users.count().exec();
  await db.close();
  return count > 0;
}

beforeEach(async () => {
  counter += 1;
  alice = user(`startalice${counter}`);
  bob = user(`startbob${counter}`);
  localStorage.clear();
  resetAppStore();
  startSync.mockClear();
  // A device where Alice signed in before: her record cached, her data stored, her token kept.
  writeCachedUser(alice);
  await storeLocalData(alice.id);
});

afterEach(async () => {
  if (status() === 'signed-in') await signOut();
});

/** Whether the list pipeline answers a new subscriber at once, from what it already read. */
function listAnswersAtOnce(db: ReturnType<typeof getCurrentDb>['db'], me: string): boolean {
  let answered = false;
  roomList$(db, me)
    .subscribe(() => (answered = true))
    .unsubscribe();
  return answered;
}

describe('start-up with a remembered user', SLOW, () => {
  it("runs the conversation list's queries as the database opens, before the list subscribes", async () => {
    const gate = refreshGate();
    setup('refresh-1', gate);
    await restoreSession();
    const { db } = getCurrentDb();
    const finds = vi.spyOn(db.rooms, 'find');
    // Nothing has subscribed to the list here (no React tree), yet its rows are read already.
    await eventually(() => expect(listAnswersAtOnce(db, alice.id)).toBe(true));
    expect(finds).not.toHaveBeenCalled();
    gate.answer(200);
  });

  it('opens the local data and starts sync without waiting for any round trip', async () => {
    const gate = refreshGate();
    const { calls } = setup('refresh-1', gate);
    const restored = restoreSession();
    // The refresh has not been answered: still the app is open on Alice's data, syncing.
    await eventually(() => expect(status()).toBe('signed-in'));
    expect(getCurrentDb().me).toBe(alice.id);
    await eventually(() => expect(startSync).toHaveBeenCalledTimes(1));
    expect(calls.map((c) => c.path)).toEqual(['/api/auth/refresh']);
    await restored;
    gate.answer(200);
    await eventually(() => expect(readCachedUser()?.id).toBe(alice.id));
    // My record follows from the users sync; no /me round trip.
    expect(calls.map((c) => c.path)).toEqual(['/api/auth/refresh']);
    expect(status()).toBe('signed-in');
  });

  it('signs out and removes the data when the token it opened with is refused', async () => {
    const gate = refreshGate();
    const { platform } = setup('refresh-1', gate);
    await restoreSession();
    expect(status()).toBe('signed-in');
    gate.answer(401);
    await eventually(() => expect(status()).toBe('signed-out'));
    expect(useAppStore.getState().notice).toMatch(/session has ended/);
    expect(platform.token).toBeNull();
    expect(readCachedUser()).toBeNull();
    expect(peekCurrentDb()).toBeNull();
    expect(await hasLocalData(alice.id)).toBe(false);
  });

  it("a sign-out during the early open, then another user's sign-in, leaves nothing of the first user", async () => {
    const gate = refreshGate();
    setup('refresh-1', gate);
    let aliceOpened = false;
    const watch = useSessionStore.subscribe((state) => (aliceOpened ||= state.user?.id === alice.id));
    const restored = restoreSession();
    const signedOut = signOut();
    const bobIn = signIn(bob.username, 'right');
    // Alice's refresh answers only now, refused, while her sign-out and Bob's sign-in are queued.
    await eventually(() => expect(aliceOpened).toBe(true));
    watch();
    gate.answer(401);
    await Promise.all([restored, signedOut, bobIn]);
    expect(useSessionStore.getState().user?.id).toBe(bob.id);
    expect(getCurrentDb().me).toBe(bob.id);
    expect(await getCurrentDb().db.users.findOne(alice.id).exec()).toBeNull();
    expect(await hasLocalData(alice.id)).toBe(false);
    // The late refusal was Alice's: Bob's session is not ended by it. Session changes run in
    // order, so after this sign-out every earlier one has run, and only this one ended Bob's.
    const statuses: string[] = [];
    const unsubscribe = useSessionStore.subscribe((state) => statuses.push(state.status));
    await signOut();
    unsubscribe();
    expect(statuses).toEqual(['loading', 'signed-out']);
  });
});
