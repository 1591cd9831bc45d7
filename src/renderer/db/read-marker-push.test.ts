import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { membershipId } from '../../shared/ids';
import { HttpClient } from '../api/http';
import { resetAppStore, useAppStore } from '../store';
import { eventually, fakePlatform, membership, openTestDb } from '../test/fakes';
import { fakeSyncServer, putDm, type FakeSyncServer } from '../test/fake-sync-server';
import { markRead } from './actions';
import type { CleanchatDatabase } from './database';
import { movesReadMarkerOnly } from './read-marker-push';
import { startSync, type SyncHandle } from './sync';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';

let db: CleanchatDatabase;
let server: FakeSyncServer;
let sync: SyncHandle;

/** A read of a message received `seconds` from now: each one moves the marker further. */
const shown = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const markerPushes = () => server.pushed.filter((p) => p.collection === 'memberships').map((p) => p.doc.last_read_at);

beforeEach(async () => {
  resetAppStore();
  server = fakeSyncServer();
  db = await openTestDb('alice');
  putDm(server, DM, 'alice', 'bob');
  const platform = fakePlatform('refresh');
  const http = new HttpClient({ baseUrl: platform.serverUrl, store: platform.secureStore, fetch: server.fetch });
  sync = startSync({ db, http, me: 'alice', retryTime: 20, stream: { backoff: () => 10 } });
  await eventually(() => expect(useAppStore.getState().connection).toBe('online'));
  await Promise.all(Object.values(sync.replications).map((r) => r.awaitInSync()));
});

afterEach(async () => {
  await sync.stop();
  await db.remove();
});

describe('read-marker pushes', SLOW, () => {
  it('push the first read at once and gather the reads that follow it into one push', async () => {
    const first = shown(1);
    await markRead(db, 'alice', DM, first);
    await eventually(() => expect(markerPushes()).toEqual([first]));

    // Four more arrivals read while that push is answered: before, each was a push of its own.
    const later = [2, 3, 4, 5].map(shown);
    for (const at of later) await markRead(db, 'alice', DM, at);
    await eventually(() => expect(markerPushes().at(-1)).toBe(later.at(-1)));
    await sync.replications.memberships.awaitInSync();

    expect(markerPushes()).toEqual([first, later.at(-1)]);
    expect(server.feeds.memberships.get(membershipId(DM, 'alice'))?.doc.last_read_at).toBe(later.at(-1));
    const local = await db.memberships.findOne(membershipId(DM, 'alice')).exec();
    expect(local?.last_read_at).toBe(later.at(-1));
  });
});

describe('movesReadMarkerOnly', () => {
  const before = { ...membership(DM, 'alice'), _deleted: false };

  it('is true for a row that changes the read marker and its time only', () => {
    expect(movesReadMarkerOnly({ assumedMasterState: before, newDocumentState: { ...before, last_read_at: shown(1), updated_at: shown(1) } })).toBe(true);
  });

  it('is false for anything else: another field, a deletion, a membership the server has not seen', () => {
    const read = { ...before, last_read_at: shown(1) };
    expect(movesReadMarkerOnly({ assumedMasterState: before, newDocumentState: { ...read, archived: true } })).toBe(false);
    expect(movesReadMarkerOnly({ assumedMasterState: before, newDocumentState: { ...read, _deleted: true } })).toBe(false);
    expect(movesReadMarkerOnly({ assumedMasterState: null, newDocumentState: read })).toBe(false);
  });
});
