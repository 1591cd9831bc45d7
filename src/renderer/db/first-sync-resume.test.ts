import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http';
import { PULL_BATCH_MAX } from '../../shared/limits';
import { resetAppStore } from '../store';
import { eventually, fakePlatform, wireMessage } from '../test/fakes';
import { fakeSyncServer, putDm, type FakeSyncServer } from '../test/fake-sync-server';
import { setCurrentDb } from './current';
import { openDatabase, type CleanchatDatabase } from './database';
import { firstSync } from './first-sync';
import { firstSyncDone } from './first-sync-state';
import { replicationIdentifier } from './replication';
import { startSync, type SyncHandle } from './sync';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 60_000 };
const DM = 'dm:alice:bob';
/** Three full pages and a short one. */
const HISTORY = 3 * PULL_BATCH_MAX + 300;

let db: CleanchatDatabase;
let server: FakeSyncServer;
let sync: SyncHandle | null;
let history: string[];
let userId: string;
let opened = 0;

/** What the messages pulls asked for (the `seq` of their checkpoint, 0 for none) and got. */
interface Pull {
  since: number;
  ids: string[];
}

function httpFor(pulls: Pull[], hold?: { pull: number; until: Promise<void> }) {
  const fetch = async (input: string, init?: RequestInit) => {
    const isMessages = input.includes('/api/sync/messages/pull');
    const index = isMessages ? pulls.length : -1;
    if (isMessages) {
      const raw = new URL(input).searchParams.get('checkpoint');
      pulls.push({ since: raw ? (JSON.parse(raw) as { seq: number }).seq : 0, ids: [] });
      if (hold && index + 1 === hold.pull) await hold.until;
    }
    const response = await server.fetch(input, init);
    if (!isMessages) return response;
    const body = (await response.clone().json()) as { documents: { id: string }[] };
    const pull = pulls[index];
    if (pull) pull.ids = body.documents.map((doc) => doc.id);
    return response;
  };
  const platform = fakePlatform('refresh');
  return new HttpClient({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch });
}

async function open(): Promise<CleanchatDatabase> {
  const next = await openDatabase({ userId, multiInstance: false });
  setCurrentDb({ db: next, me: 'alice' });
  return next;
}

/** Closes the app's database as a page closing would, and opens it again. */
async function reopen(): Promise<void> {
  await firstSyncDone(db);
  await db.close();
  db = await open();
}

const stored = () => db.messages.count().exec();

beforeEach(async () => {
  resetAppStore();
  server = fakeSyncServer();
  sync = null;
  opened += 1;
  userId = `alice-resume-${opened}`;
  db = await open();
  putDm(server, DM, 'alice', 'bob');
  history = [];
  for (let i = 0; i < HISTORY; i += 1) {
    const message = wireMessage(DM, 'bob', { server_seq: i + 1 });
    server.put('messages', message);
    history.push(message.id);
  }
});

afterEach(async () => {
  await sync?.stop();
  await firstSyncDone(db);
  await db.remove();
});

describe('a first sync cut short (IndexedDB)', SLOW, () => {
  it('resumes from the last page it stored, pulls at most a page again, and applies what changed meanwhile', async () => {
    let release = () => undefined as void;
    const until = new Promise<void>((resolve) => (release = resolve));
    const first: Pull[] = [];
    sync = startSync({ db, http: httpFor(first, { pull: 3, until }), me: 'alice', retryTime: 20, stream: { backoff: () => 10 } });
    await eventually(async () => expect(await stored()).toBe(2 * PULL_BATCH_MAX));
    // The page is closed while the third page downloads.
    await sync.stop();
    sync = null;
    release();
    await reopen();
    const before = new Set((await db.messages.find().exec()).map((doc) => doc.id));
    expect(before.size).toBe(2 * PULL_BATCH_MAX);

    // Meanwhile on the server: a stored message edited, another revoked.
    const [edited, revoked] = [history[5] ?? '', history[PULL_BATCH_MAX + 7] ?? ''];
    server.put('messages', wireMessage(DM, 'bob', { id: edited, content: 'edited meanwhile', server_seq: 6 }));
    server.put('messages', wireMessage(DM, 'bob', { id: revoked, _deleted: true, server_seq: PULL_BATCH_MAX + 8 }));

    const second: Pull[] = [];
    sync = startSync({ db, http: httpFor(second), me: 'alice', retryTime: 20, stream: { backoff: () => 10 } });
    await eventually(async () => expect(await stored()).toBe(HISTORY - 1));
    await sync.replications.messages.awaitInSync();

    // Asked from where the first run got to, never from the start.
    // The server's feed has the room, its member and bob before the messages (seq 1–3).
    expect(second[0]?.since).toBe(3 + 2 * PULL_BATCH_MAX);
    expect(second.filter((pull) => pull.since === 0)).toEqual([]);
    const again = second.flatMap((pull) => pull.ids).filter((id) => before.has(id));
    expect(again.length).toBeLessThanOrEqual(PULL_BATCH_MAX);
    expect(new Set(again)).toEqual(new Set([edited, revoked]));
    expect((await db.messages.findOne(edited).exec())?.content).toBe('edited meanwhile');
    expect(await db.messages.findOne(revoked).exec()).toBeNull();
  });

  it('a first sync that ended but was closed before the replication started is not pulled again from zero', async () => {
    const first: Pull[] = [];
    const http = httpFor(first);
    const reached = await firstSync({ db, http, replicationIdentifier: replicationIdentifier('messages', http.baseUrl), isStopped: () => false });
    expect(reached?.pull).toEqual({ seq: 3 + HISTORY });
    expect(await stored()).toBe(HISTORY);
    await reopen();

    const second: Pull[] = [];
    sync = startSync({ db, http: httpFor(second), me: 'alice', retryTime: 20, stream: { backoff: () => 10 } });
    await eventually(() => expect(second.length).toBeGreaterThan(0));
    await sync.replications.messages.awaitInSync();
    expect(second.filter((pull) => pull.since === 0)).toEqual([]);
    expect(second.flatMap((pull) => pull.ids)).toEqual([]);
    expect(await stored()).toBe(HISTORY);
  });
});
