import {
  addConnectedStorageToCollection,
  createRevision,
  getComposedPrimaryKeyOfDocumentData,
  getDefaultRxDocumentMeta,
  getRxReplicationMetaInstanceSchema,
  hasEncryption,
  now,
  type RxCollection,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import type { CleanchatDatabase } from './database';

/**
 * RxDB's own checkpoint store of one replication, opened before (never while) that replication
 * runs. RxDB 17.6.0 keeps a replication's checkpoints in its meta instance
 * (`plugins/replication/index.js`: collection `rx-replication-meta-<hash(collection-identifier)>`,
 * schema `getRxReplicationMetaInstanceSchema`), one document per direction with the id
 * `down|1` / `up|1` and the checkpoint in `checkpointData` (`replication-protocol/checkpoint.js`,
 * read by `getLastCheckpointDoc` when the replication starts). Writing those documents here is
 * what `setCheckpoint` does; RxDB then starts from them as from its own.
 *
 * `cleanchat-first-sync|1` is ours: a first sync's progress (never read by RxDB, which reads
 * checkpoint documents by those two ids only). It exists from the first page stored until the
 * first sync ends, so a device that holds it was cut short in the middle of one.
 */
export type CheckpointItem = 'down' | 'up' | typeof FIRST_SYNC_ITEM;
export const FIRST_SYNC_ITEM = 'cleanchat-first-sync';

type MetaDoc = RxDocumentData<{ id: string; isCheckpoint: '1'; itemId: string; checkpointData?: unknown }>;
type MetaInstance = RxStorageInstance<MetaDoc, unknown, unknown, unknown>;

export interface CheckpointStore {
  read<T>(item: CheckpointItem): Promise<T | undefined>;
  /** Writes each item given; `null` removes it. */
  write(items: Partial<Record<CheckpointItem, unknown>>): Promise<void>;
  close(): Promise<void>;
}

export async function openCheckpointStore(db: CleanchatDatabase, collectionName: 'messages', replicationIdentifier: string): Promise<CheckpointStore> {
  const collection = db[collectionName] as unknown as RxCollection;
  const name = `rx-replication-meta-${await db.hashFunction([collection.name, replicationIdentifier].join('-'))}`;
  const schema = getRxReplicationMetaInstanceSchema(collection.schema.jsonSchema, hasEncryption(collection.schema.jsonSchema));
  const instance = (await db.storage.createStorageInstance({
    databaseName: db.name,
    collectionName: name,
    databaseInstanceToken: db.token,
    multiInstance: db.multiInstance,
    options: {},
    schema,
    password: db.password,
    devMode: false,
  })) as unknown as MetaInstance;
  // As the replication does at its start: removing the database removes this store too.
  await addConnectedStorageToCollection(collection, name, schema);
  // The revision token RxDB's setCheckpoint uses (getCheckpointKey).
  const key = `rx_storage_replication_${await db.hashFunction([`rxdbreplication${replicationIdentifier}`, db.name, collection.name].join('||'))}`;
  const idOf = (item: CheckpointItem) => getComposedPrimaryKeyOfDocumentData(schema, { itemId: item, isCheckpoint: '1' });

  const writeOne = async (item: CheckpointItem, data: unknown) => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const [previous] = await instance.findDocumentsById([idOf(item)], true);
      if (data === null && (!previous || previous._deleted)) return;
      const document: MetaDoc = {
        id: idOf(item),
        isCheckpoint: '1',
        itemId: item,
        checkpointData: data ?? {},
        _deleted: data === null,
        _attachments: {},
        _meta: { ...getDefaultRxDocumentMeta(), lwt: now() },
        _rev: createRevision(key, previous),
      };
      const result = await instance.bulkWrite([{ previous, document }], 'replication-set-checkpoint');
      if (result.error.length === 0) return;
      if (result.error[0]?.status !== 409) throw new Error(`A checkpoint could not be stored (${result.error[0]?.status}).`);
    }
    throw new Error('A checkpoint could not be stored (conflicts).');
  };

  return {
    async read<T>(item: CheckpointItem) {
      const [doc] = await instance.findDocumentsById([idOf(item)], false);
      return doc?.checkpointData as T | undefined;
    },
    async write(items) {
      for (const [item, data] of Object.entries(items) as [CheckpointItem, unknown][]) await writeOne(item, data);
    },
    close: () => instance.close(),
  };
}
