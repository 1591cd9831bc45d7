import { Subject } from 'rxjs';
import type { RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { HttpClient } from '../api/http';
import { PULL_BATCH_DEFAULT, PULL_BATCH_MAX } from '../../shared/limits';
import type { PullResponse, SyncCheckpoint } from '../../shared/replication';
import { COLLECTIONS, type CollectionName, type MessageDoc } from '../../shared/schemas';
import type { CleanchatDatabase } from './database';
import { answerDirectSends } from './direct-send';
import { pushGroupsFirst } from './groups-first';
import { fromWireMessage, toWireMessage, type LocalMessageDoc } from './message-codec';

/** Documents cross this layer untyped: the server validates what it receives, RxDB what it stores. */
type AnyDoc = WithDeleted<Record<string, unknown>>;
export type StreamItem = RxReplicationPullStreamItem<AnyDoc, SyncCheckpoint>;
export type StreamSubjects = Record<CollectionName, Subject<StreamItem>>;
export type Replications = Record<CollectionName, RxReplicationState<unknown, SyncCheckpoint>>;

export const PUSH_BATCH_SIZE = 50;

/** Messages are the bulk of a first sync: fewer, larger pulls cut round trips and write transactions. */
const pullBatchSize = (name: CollectionName) => (name === 'messages' ? PULL_BATCH_MAX : PULL_BATCH_DEFAULT);

/** Collections the client may write (SPEC §4); users and jobs only flow down. */
const PUSHED: ReadonlySet<CollectionName> = new Set(['rooms', 'memberships', 'messages', 'reactions']);

/** Names the replication's stored checkpoints and metadata; a first sync writes as this replication. */
export const replicationIdentifier = (name: CollectionName, baseUrl: string) => `cleanchat-${name}-${baseUrl}`;

export function createStreamSubjects(): StreamSubjects {
  return Object.fromEntries(COLLECTIONS.map((name) => [name, new Subject<StreamItem>()])) as StreamSubjects;
}

export interface ReplicationOptions {
  db: CleanchatDatabase;
  http: HttpClient;
  streams: StreamSubjects;
  retryTime?: number;
  /** Told about every handler failure and success, for the sync status in the UI. */
  onHandlerResult?: (error: unknown) => void;
  /** Collections created stopped; the caller starts them (`state.start()`) when it sees fit. */
  deferred?: ReadonlySet<CollectionName>;
}

function wireToLocal(name: CollectionName, doc: AnyDoc): AnyDoc {
  return name === 'messages'
    ? (fromWireMessage(doc as unknown as WithDeleted<MessageDoc>) as unknown as AnyDoc)
    : doc;
}

function localToWire(name: CollectionName, doc: AnyDoc): AnyDoc {
  return name === 'messages'
    ? (toWireMessage(doc as unknown as WithDeleted<LocalMessageDoc>) as unknown as AnyDoc)
    : doc;
}

/**
 * One live RxDB replication per collection against /api/sync/:collection/{pull,push}, fed by
 * the shared stream. Each window replicates on its own (no leader wait), and replication keeps
 * running while the window is hidden so notifications still arrive.
 */
export function startReplications(options: ReplicationOptions): Replications {
  const { db, http, streams } = options;
  const report = options.onHandlerResult ?? (() => undefined);
  const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      const result = await work();
      report(null);
      return result;
    } catch (err) {
      report(err);
      throw err;
    }
  };
  const entries = COLLECTIONS.map((name) => {
    const state = replicateRxCollection<AnyDoc, SyncCheckpoint>({
      replicationIdentifier: replicationIdentifier(name, http.baseUrl),
      collection: db[name] as never,
      live: true,
      retryTime: options.retryTime ?? 3_000,
      waitForLeadership: false,
      toggleOnDocumentVisible: false,
      autoStart: !options.deferred?.has(name),
      pull: {
        batchSize: pullBatchSize(name),
        stream$: streams[name].asObservable(),
        modifier: (doc: AnyDoc) => wireToLocal(name, doc),
        handler: (checkpoint, batchSize) =>
          tracked(async () => {
            const params = new URLSearchParams({
              checkpoint: checkpoint ? JSON.stringify(checkpoint) : '',
              limit: String(batchSize),
            });
            const res = await http.request<PullResponse>(
              'GET',
              `/api/sync/${name}/pull?${params.toString()}`,
            );
            return {
              documents: res.documents as unknown as AnyDoc[],
              checkpoint: res.checkpoint ?? checkpoint,
            };
          }),
      },
      push: PUSHED.has(name)
        ? {
            batchSize: PUSH_BATCH_SIZE,
            modifier: (doc: AnyDoc) => localToWire(name, doc),
            handler: (rows) =>
              tracked(async () => {
                const { answered, rest } = name === 'messages' ? await answerDirectSends(rows) : { answered: [], rest: rows };
                if (rest.length === 0) return answered.map((doc) => wireToLocal(name, doc as unknown as AnyDoc));
                if (name === 'messages') await pushGroupsFirst(db, http, http.baseUrl, rest as never);
                const conflicts = await http.request<AnyDoc[]>('POST', `/api/sync/${name}/push`, {
                  body: rest,
                });
                // RxDB does not run the pull modifier on conflicts, so map them here.
                return [...(answered as unknown as AnyDoc[]), ...conflicts].map((doc) => wireToLocal(name, doc));
              }),
          }
        : undefined,
    });
    return [name, state];
  });
  return Object.fromEntries(entries) as Replications;
}
