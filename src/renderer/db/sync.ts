import { filter, firstValueFrom, race, timer } from 'rxjs';
import { describeError, isAuthError, isOfflineError } from '../api/errors';
import type { HttpClient } from '../api/http';
import type { WireDoc } from '../../shared/replication';
import { COLLECTIONS } from '../../shared/schemas';
import { useAppStore, type Connection } from '../store';
import { clearArrivals, noteArrivals } from './arrivals';
import type { CleanchatDatabase } from './database';
import { clearDirectSends, noteServerCopies } from './direct-send';
import { notePushed, notePushSettled, resetPushOrder } from './push-order';
import { applyPresence, applyTyping, clearPresence, clearTyping } from './ephemeral';
import { onIncomingMessages, watchIncoming } from './incoming';
import { firstSync, startAfterFirstSync } from './first-sync';
import { createStreamSubjects, replicationIdentifier, startReplications, type Replications } from './replication';
import type { StreamEvent } from './stream';
import { connectStream, type StreamConnectionOptions } from './stream-connection';

/** How long stopping waits for pushes and pulls in flight before cancelling them anyway. */
const STOP_WAIT_MS = 1000;

export interface SyncOptions {
  db: CleanchatDatabase;
  http: HttpClient;
  me: string;
  retryTime?: number;
  /** How long messages wait at most for the list collections (MESSAGES_START_LATEST_MS; tests). */
  messagesStartLatestMs?: number;
  /** Overrides for tests (backoff, idle timeout). */
  stream?: Partial<Pick<StreamConnectionOptions, 'backoff' | 'idleTimeoutMs'>>;
}

export interface SyncHandle {
  replications: Replications;
  /** Reconnect the stream and re-pull every collection now (e.g. the network came back). */
  reconnect(): void;
  stop(): Promise<void>;
}

/** What the conversation list needs; messages, the bulk of a first sync, wait for these. */
const LIST_COLLECTIONS = ['users', 'rooms', 'memberships'] as const;
/** Messages start after this long even if the list collections have not caught up (e.g. offline). */
const MESSAGES_START_LATEST_MS = 3_000;

function setConnection(connection: Connection): void {
  if (useAppStore.getState().connection !== connection) useAppStore.setState({ connection });
}

const browserOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * Starts replication of every collection plus the one shared SSE stream that feeds their
 * `pull.stream$`, and keeps the connection state in the store: 'online' while the stream is
 * open, 'offline' when it failed or the browser is offline, 'connecting' in between.
 */
export function startSync(options: SyncOptions): SyncHandle {
  const { db, http, me } = options;
  const streams = createStreamSubjects();
  let streamOpen = false;

  const replications = startReplications({
    db,
    http,
    streams,
    retryTime: options.retryTime,
    deferred: new Set(['messages']),
    onHandlerResult(error) {
      if (!error) {
        if (useAppStore.getState().syncError) useAppStore.setState({ syncError: null });
      } else if (!isOfflineError(error) && !isAuthError(error)) {
        useAppStore.setState({ syncError: describeError(error) });
      }
    },
  });
  // The first sync of a long history must not compete with the rooms, people and memberships
  // the conversation list is waiting for: messages are written once those are in (or after a
  // while). A first sync fetches its first page meanwhile.
  let stopped = false;
  let messagesTimer: ReturnType<typeof setTimeout> | undefined;
  let messagesStarting: Promise<void> | null = null;
  const listFirst = new Promise<void>((resolve) => {
    messagesTimer = setTimeout(resolve, options.messagesStartLatestMs ?? MESSAGES_START_LATEST_MS);
    // Cancelled before catching up (signed out): the timer or nothing decides.
    Promise.all(LIST_COLLECTIONS.map((name) => replications[name].awaitInitialReplication())).then(() => resolve(), () => undefined);
  });
  void firstSync({
    db,
    http,
    replicationIdentifier: replicationIdentifier('messages', http.baseUrl),
    isStopped: () => stopped,
    writeAfter: listFirst,
  })
    .catch(() => null)
    .then(async (checkpoints) => {
      // Only a first sync (checkpoints) waits for the list. A device that holds its history
      // already starts its messages at once: until then a message that streams in is shown but
      // not stored, and a moment offline after it (search, a reload) would not find it.
      // A first sync resumed (cut short before) did not wait for it either.
      if (checkpoints && !checkpoints.resumed) await listFirst;
      clearTimeout(messagesTimer);
      if (stopped) return;
      messagesStarting = startAfterFirstSync(replications.messages, checkpoints);
      await messagesStarting;
      // Direct sends wait until what an earlier run left unsent is pushed (push-order.ts).
      await replications.messages.awaitInSync();
      if (!stopped) notePushSettled();
    })
    .catch((err: unknown) => {
      // Stopping while it starts cancels it; anything else is worth a line (never documents).
      if (!stopped) console.error('The messages sync did not start', (err as { name?: string }).name ?? '');
    });
  const pushedSubscription = replications.messages.sent$.subscribe((doc) => notePushed([(doc as unknown as { id: string }).id]));
  const errorSubscriptions = COLLECTIONS.map((name) =>
    replications[name].error$.subscribe((err) => {
      // Handler failures are reported above; log only the code (never documents or tokens).
      if (err.code !== 'RC_PULL' && err.code !== 'RC_PUSH')
        console.error(`Sync error in ${name}: ${err.code}`);
    }),
  );

  const resyncAll = () => {
    for (const name of COLLECTIONS) streams[name].next('RESYNC');
  };

  const onEvent = (event: StreamEvent) => {
    switch (event.type) {
      case 'change':
        if (event.change.collection === 'messages') {
          noteArrivals(event.change.documents as WireDoc<'messages'>[]);
          noteServerCopies(event.change.documents as WireDoc<'messages'>[]);
        }
        streams[event.change.collection].next({
          documents: event.change.documents as never,
          checkpoint: event.change.checkpoint,
        });
        break;
      case 'resync':
        resyncAll();
        break;
      case 'typing':
        applyTyping(event.typing, me);
        break;
      case 'presence':
        applyPresence(event.presence);
        break;
    }
  };

  setConnection(browserOffline() ? 'offline' : 'connecting');
  const connection = connectStream({
    ...options.stream,
    open: (signal) =>
      http.fetchAuthorized('/api/sync/stream', { signal, headers: { Accept: 'text/event-stream' } }),
    onEvent,
    onStatus(status) {
      streamOpen = status === 'open';
      if (status === 'open') {
        setConnection('online');
        // Changes made while the stream was down are only reachable by pulling again.
        resyncAll();
        return;
      }
      clearPresence();
      setConnection(status === 'failed' || browserOffline() ? 'offline' : 'connecting');
    },
  });

  const stopWatching = watchIncoming(db, me);
  const stopIncoming = onIncomingMessages((messages) => {
    for (const message of messages) clearTyping(message.room_id, message.sender_id);
  });

  const reconnect = () => {
    if (!streamOpen) setConnection(browserOffline() ? 'offline' : 'connecting');
    connection.reconnectNow();
    for (const name of COLLECTIONS) replications[name].reSync();
  };
  const onOnline = () => reconnect();
  // Reconnect rather than just flag: a server on this machine is reachable without a network.
  const onOffline = () => {
    setConnection('offline');
    connection.reconnectNow();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  return {
    replications,
    reconnect,
    async stop() {
      stopped = true;
      clearTimeout(messagesTimer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      stopIncoming();
      stopWatching();
      connection.stop();
      for (const sub of errorSubscriptions) sub.unsubscribe();
      pushedSubscription.unsubscribe();
      // Cancelling a replication halfway through its start leaves RxDB waiting on closed subjects.
      await messagesStarting?.catch(() => undefined);
      // RxDB holds a streamed change until a running push ends, and throws an unhandled EmptyError
      // when the replication is cancelled meanwhile: let the work in flight end first (bounded).
      await Promise.all(
        COLLECTIONS.map((name) =>
          firstValueFrom(race(replications[name].active$.pipe(filter((active) => !active)), timer(STOP_WAIT_MS)), { defaultValue: 0 }),
        ),
      );
      await Promise.all(COLLECTIONS.map((name) => replications[name].cancel()));
      for (const name of COLLECTIONS) streams[name].complete();
      clearPresence();
      clearArrivals();
      clearDirectSends();
      resetPushOrder();
      useAppStore.setState({ connection: 'offline', typing: {} });
    },
  };
}
