import type { Subscription } from 'rxjs';
import type { AuthResponse, LoginBody, RegisterBody } from '../../shared/api';
import type { UserDoc } from '../../shared/schemas';
import {
  authApi,
  configureApi,
  describeError,
  isAuthError,
  isOfflineError,
  type FetchFn,
} from '../api/client';
import type { HttpClient } from '../api/http';
import { setCurrentDb } from '../db/current';
import type { CleanchatDatabase } from '../db/database';
import type { AnyRxStorage } from '../db/plugins';
import type { SyncHandle, SyncOptions } from '../db/sync';
import { toUserDoc } from '../db/user-doc';
import type { Platform } from '../platform/types';
import { resetAppStore, useAppStore } from '../store';
import { forgetDrafts } from '../features/drafts/deviceDrafts';
import { forgetSearchIndex } from '../features/search/runtime';
import { loadDbModules, preloadDbModules } from './db-modules';
import { startUploadsBeside } from './uploads-beside';
import { clearCachedUser, readCachedUser, setSessionState, useSessionStore, writeCachedUser } from './state';

export interface SessionDeps {
  platform: Platform;
  fetch?: FetchFn;
  /** RxDB storage; Dexie (IndexedDB) by default. */
  storage?: AnyRxStorage;
  multiInstance?: boolean;
  startSync?: (options: SyncOptions) => SyncHandle;
}

interface Active {
  db: CleanchatDatabase;
  me: string;
  stop(): Promise<void>;
}

/** A User Timing mark of a start-up step, read by the start-up bench (bench/waterfall.ts). */
function mark(step: string): void {
  performance.mark(`cleanchat:${step}`);
}

const SESSION_ENDED = 'Your session has ended. Please log in again.';

let deps: SessionDeps | null = null;
let http: HttpClient | null = null;
let active: Active | null = null;
/** Session transitions run one at a time (a sign-in never overlaps a sign-out's cleanup). */
let queue: Promise<unknown> = Promise.resolve();

function serialized<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

function client(): HttpClient {
  if (!http) throw new Error('configureSession() has not run yet');
  return http;
}

/** Wires the HTTP client to the platform. Call once before anything else (see main.tsx). */
export function configureSession(next: SessionDeps): void {
  deps = next;
  http = configureApi({
    baseUrl: next.platform.serverUrl,
    store: next.platform.secureStore,
    fetch: next.fetch,
    // The server refused the refresh token: the session is over on this device.
    // Only the session it was refused for ends: one signed out and replaced by another user's
    // meanwhile (both queued behind the refusal) is not the new user's to lose.
    onAuthLost: () => {
      const session = active;
      if (!session) return; // during start-up, restoreSession handles the refusal itself
      void serialized(async () => {
        if (active === session) await leave({ revoke: false, notice: SESSION_ENDED });
      });
    },
  });
}

async function enter(user: UserDoc): Promise<void> {
  const { storage, multiInstance } = deps ?? {};
  writeCachedUser(user);
  const [{ openDatabase }, { startSync }, { roomList$ }] = await loadDbModules();
  mark('db-modules');
  const db = await openDatabase({ userId: user.id, storage, multiInstance });
  mark('db-open');
  // The conversation list's queries start now, ahead of sync's, while the signed-in app mounts;
  // the list subscribes to the same shared pipeline and finds its rows there.
  // A query failing on a closing database is the list's to report (useObservableValue).
  const list$ = roomList$(db, user.id);
  const listWarm = list$.subscribe({ error: () => undefined });
  if (!(await db.users.findOne(user.id).exec())) await db.users.bulkInsert([user]);
  setCurrentDb({ db, me: user.id });
  // Sync starts with the session, in the same task as the app's first render is asked for:
  // waiting for the list's first paint showed no gain in the start-up bench and widened the
  // moment in which a sent message waits for a later push (docs/client.md).
  const sync: SyncHandle = (deps?.startSync ?? startSync)({ db, http: client(), me: user.id });
  const uploads = startUploadsBeside(client(), user.id);
  // My own record follows the server (name or avatar edited on another device).
  const mine: Subscription = db.users.findOne(user.id).$.subscribe((doc) => {
    if (!doc || !active || active.db !== db) return;
    const fresh = toUserDoc(doc.toJSON() as UserDoc);
    if (JSON.stringify(fresh) === JSON.stringify(useSessionStore.getState().user)) return;
    writeCachedUser(fresh);
    setSessionState({ status: 'signed-in', user: fresh });
  });
  active = {
    db,
    me: user.id,
    async stop() {
      mine.unsubscribe();
      listWarm.unsubscribe();
      uploads.stop();
      await sync.stop();
    },
  };
  setSessionState({ status: 'signed-in', user });
  mark('signed-in');
}

async function leave(options: { revoke: boolean; notice?: string }): Promise<void> {
  const current = active;
  active = null;
  setSessionState({ status: 'loading', user: null });
  if (current) await current.stop();
  if (options.revoke) {
    // Best effort: offline, the token simply expires on the server.
    await authApi.logout(client()).catch(() => undefined);
  }
  await client().clearSession();
  setCurrentDb(null);
  const userId = current?.me ?? readCachedUser()?.id;
  if (userId) await forgetSearchIndex(userId);
  if (userId) {
    const [{ removeDatabase }] = await loadDbModules();
    await removeDatabase(userId, current?.db, deps?.storage).catch((err: unknown) => {
      console.error('Could not remove the local database', (err as { code?: string }).code ?? '');
    });
  }
  if (userId) {
    forgetDrafts(userId);
    const { forgetUploads } = await import('../uploads/start');
    await forgetUploads(userId).catch(() => undefined);
  }
  clearCachedUser();
  resetAppStore();
  if (options.notice) useAppStore.getState().setNotice(options.notice);
  setSessionState({ status: 'signed-out', user: null });
}

/**
 * Start-up: with a stored refresh token, open the signed-in app. With the user's record cached
 * (every device that signed in has it), the local data opens at once and the token is checked
 * beside it: the start-up waits for no round trip, online or not, and a refused token then signs
 * out and removes the data (`checkTokenBeside`). Without a cached record, refresh and load the
 * user first. Offline (or the server failing) sync retries until the server answers.
 */
export function restoreSession(): Promise<void> {
  return serialized(async () => {
    setSessionState({ status: 'loading', user: null });
    try {
      await restore();
    } catch (err) {
      useAppStore.getState().setNotice(describeError(err));
      setSessionState({ status: 'signed-out', user: null });
      if (isOfflineError(err)) {
        // The token is still stored: try again as soon as the network is back.
        window.addEventListener('online', () => void retryRestore(), { once: true });
      } else {
        console.error('Could not open the local data', (err as { code?: string }).code ?? '');
      }
    }
  });
}

async function retryRestore(): Promise<void> {
  if (useSessionStore.getState().status === 'signed-out') await restoreSession();
}

async function restore(): Promise<void> {
  const cached = readCachedUser();
  const hasToken = Boolean(await client().getRefreshToken());
  if (hasToken) preloadDbModules();
  if (!hasToken) {
    // A cached user without a token is a sign-out that did not finish: finish it.
    if (cached) await leave({ revoke: false });
    else setSessionState({ status: 'signed-out', user: null });
    return;
  }
  if (cached) {
    const refreshed = client().refresh().then(() => null, (err: unknown) => err);
    await enter(cached);
    checkTokenBeside(refreshed, active);
    return;
  }
  let user: UserDoc;
  try {
    await client().refresh();
    mark('refreshed');
    user = toUserDoc(await authApi.me(client()));
    mark('me');
  } catch (err) {
    if (isAuthError(err)) return leave({ revoke: false });
    throw err;
  }
  await enter(user);
}

/**
 * The refresh started beside a local start-up: when the server refuses the token, that session
 * ends (and its data goes) as if sync had found out. Only that session: one signed out and
 * replaced meanwhile is left alone. Offline or a server error changes nothing; sync retries. My
 * record follows from the users sync, so no `/me` is needed.
 */
function checkTokenBeside(refreshed: Promise<unknown>, session: Active | null): void {
  void refreshed.then((err) => {
    mark('refreshed');
    if (!isAuthError(err)) return;
    void serialized(async () => {
      if (session && active === session) await leave({ revoke: false, notice: SESSION_ENDED });
    });
  });
}

async function start(auth: AuthResponse): Promise<void> {
  const persisted = await client().setSession(auth);
  if (!persisted.persisted) {
    useAppStore
      .getState()
      .setNotice(persisted.reason ?? 'You will need to log in again next time you open the app.');
  }
  await enter(toUserDoc(auth.user));
}

/** Logs in with a username, or an email when the identifier contains "@". Throws ApiError. */
export function signIn(identifier: string, password: string): Promise<void> {
  const id = identifier.trim();
  const body: LoginBody = id.includes('@') ? { email: id, password } : { username: id, password };
  preloadDbModules();
  return serialized(async () => start(await authApi.login(client(), body)));
}

export function register(body: RegisterBody): Promise<void> {
  preloadDbModules();
  return serialized(async () => start(await authApi.register(client(), body)));
}

/** Revokes the refresh token, stops sync and removes this user's local database. */
export function signOut(): Promise<void> {
  return serialized(() => leave({ revoke: true }));
}
