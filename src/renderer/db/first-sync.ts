import {
  createRevision,
  getHeightOfRevision,
  getUnderlyingPersistentStorage,
  now,
  type BulkWriteRow,
  type RxDocumentData,
  type RxStorageInstance,
} from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { HttpClient } from '../api/http';
import { PULL_BATCH_MAX } from '../../shared/limits';
import type { SyncCheckpoint } from '../../shared/replication';
import { PENDING_SERVER_SEQ, type MessageDoc } from '../../shared/schemas';
import type { CleanchatDatabase } from './database';
import { PAGES_AHEAD, readPages } from './first-sync-pages';
import { markFirstSync } from './first-sync-state';
import { FIRST_SYNC_ITEM, openCheckpointStore, type CheckpointStore } from './replication-checkpoints';
import { dexiePageWriter, type PageWriter } from './first-sync-write';
import { fromWireMessage, type LocalMessageDoc } from './message-codec';

/** Documents per RxDB write (any storage but Dexie): 200 messages stay well under a 100 ms task. */
export const FIRST_SYNC_CHUNK = 200;
/**
 * Puts per main-thread task when a page goes straight into IndexedDB, and documents per bulk of
 * change events: 200 puts plus their events came to 100–140 ms tasks on a loaded machine, and
 * a bulk larger than RxDB's change buffer (100 events) makes every live query re-run.
 */
export const DIRECT_CHUNK = 100;
/** The context of the first sync's own writes; any other write meanwhile is the user's. */
const CONTEXT = 'cleanchat-first-sync';

type Stored = RxDocumentData<LocalMessageDoc>;
type Storage = RxStorageInstance<LocalMessageDoc, unknown, unknown, unknown>;
type Position = FirstSyncCheckpoints['push'];
type Writer = Pick<Storage, 'bulkWrite' | 'findDocumentsById'>;

/** Where the messages replication picks up after a first sync: the server's feed and this device's. */
export interface FirstSyncCheckpoints {
  pull: SyncCheckpoint | null;
  push: { id: string; lwt: number } | null;
  /** A first sync cut short, resumed: the list collections were pulled before, nothing waits for them. */
  resumed?: boolean;
}

export interface FirstSyncOptions {
  db: CleanchatDatabase;
  http: HttpClient;
  /** The messages replication's `replicationIdentifier`: its documents are written as its own. */
  replicationIdentifier: string;
  isStopped: () => boolean;
  /** Writing waits for this (the conversation list first); the first page is fetched meanwhile. */
  writeAfter?: Promise<unknown>;
}

interface SchedulerGlobal {
  scheduler?: { yield?: () => Promise<void> };
}

/** Lets input and rendering run between two writes (`scheduler.yield` keeps this task's priority). */
function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as SchedulerGlobal).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const later = (a: Position, b: Position): Position => (!a || (b && (b.lwt > a.lwt || (b.lwt === a.lwt && b.id > a.id))) ? b : a);

/**
 * The first sync of the message history on a device that stores none, without RxDB's
 * per-document replication bookkeeping. The replication reads every pulled document and its
 * metadata and writes both back; here each page is written once, in chunks with a yield between
 * them, exactly as the replication's own pull writes a new document (revision and origin mark),
 * so later changes to these documents replicate as usual. Returns the checkpoints the messages
 * replication starts from, or null when the device already stores messages (nothing was done).
 * On a failure it stops and returns how far it got: the replication pulls the rest.
 *
 * Its progress is stored after each page (`replication-checkpoints.ts`): a first sync cut short
 * (the page closed, a sign-out) goes on from the last page stored at the next start, through the
 * same pages. When it ends, the replication's own checkpoints are stored at once, so a page
 * closed before the replication started does not pull the history again from zero.
 *
 * Messages the user writes meanwhile (a send, an edit) are re-stamped at the end, after the push
 * checkpoint, so the replication still pushes them; a pending message of mine that the server
 * already holds is replaced by the server's copy, as the replication's pull would. While it runs,
 * `firstSyncDone(db)` is pending (the search index starts after it).
 */
export async function firstSync(options: FirstSyncOptions): Promise<FirstSyncCheckpoints | null> {
  // Marked before the device is found empty, so nothing that waits for it starts in between.
  const end = markFirstSync(options.db);
  try {
    return await writeHistory(options);
  } finally {
    end();
  }
}

async function writeHistory(options: FirstSyncOptions): Promise<FirstSyncCheckpoints | null> {
  const { db } = options;
  // Past RxDB's wrapper, which stamps its own `_meta` on every insert (dropping the origin mark).
  const wrapped = db.messages.storageInstance as unknown as { originalStorageInstance?: Storage };
  const original = getUnderlyingPersistentStorage(wrapped.originalStorageInstance ?? (wrapped as unknown as Storage));
  // Under the database's lock, as RxDB's own writes are: without it, its queries and caches ran
  // against the first sync's writes and a 20,000-message sync took 3 to 6 times as long.
  const storage: Writer = {
    bulkWrite: (rows, context) => db.lockedRun(() => original.bulkWrite(rows, context)),
    findDocumentsById: (ids, withDeleted) => db.lockedRun(() => original.findDocumentsById(ids, withDeleted)),
  };
  const origin = await db.hashFunction(`rxdbreplication${options.replicationIdentifier}`);
  // With the app's storage (Dexie), each page is one IndexedDB transaction; others write in chunks.
  const direct = await dexiePageWriter(original, { chunk: DIRECT_CHUNK, context: CONTEXT, locked: (fn) => db.lockedRun(fn), yieldToMain });
  const chunk = direct ? PULL_BATCH_MAX : FIRST_SYNC_CHUNK;
  // Watching starts before the device is found empty, so no write falls between the two.
  const localWrites = new Set<string>();
  const watch = original.changeStream().subscribe((bulk) => {
    if (bulk.context !== CONTEXT) for (const event of bulk.events) localWrites.add(event.documentId);
  });
  const checkpoints = await openCheckpointStore(db, 'messages', options.replicationIdentifier);
  try {
    // A first sync cut short (closed, signed out) left its progress: it goes on from there.
    const resumed = await checkpoints.read<FirstSyncProgress>(FIRST_SYNC_ITEM);
    if (!resumed && (await db.messages.findOne().exec()) !== null) return null;
    for (const id of resumed?.local ?? []) localWrites.add(id);
    const reached: FirstSyncCheckpoints = { pull: resumed?.pull ?? null, push: resumed?.push ?? null, ...(resumed ? { resumed: true } : {}) };
    const progress = (): FirstSyncProgress => ({ pull: reached.pull, push: reached.push, local: [...localWrites] });
    await writePages(resumed ? { ...options, writeAfter: undefined } : options, { storage, origin, direct, chunk, localWrites, reached, checkpoints, progress });
    watch.unsubscribe();
    if (options.isStopped()) return reached;
    await restamp(storage, [...localWrites], db.token);
    // Stored now, not only when the replication starts (RxDB writes `initialCheckpoint` then):
    // closed in between, the next start would pull and compare the whole history from zero.
    await checkpoints.write({ ...(reached.pull ? { down: reached.pull } : {}), ...(reached.push ? { up: reached.push } : {}), [FIRST_SYNC_ITEM]: null });
    return reached;
  } finally {
    watch.unsubscribe();
    await checkpoints.close();
  }
}

/** A first sync's progress, stored after each page: where it resumes when cut short. */
interface FirstSyncProgress extends FirstSyncCheckpoints {
  /** Messages the user wrote meanwhile, re-stamped when it ends (so the replication pushes them). */
  local: string[];
}

interface PagesContext {
  storage: Writer;
  origin: string;
  direct: PageWriter | null;
  chunk: number;
  localWrites: Set<string>;
  reached: FirstSyncCheckpoints;
  checkpoints: CheckpointStore;
  progress: () => FirstSyncProgress;
}

/** Reads the history from `reached.pull` and writes it page by page, storing the progress after each. */
async function writePages(options: FirstSyncOptions, context: PagesContext): Promise<void> {
  const { db, http } = options;
  const { storage, chunk, direct, reached, checkpoints } = context;
  const chunkContext: ChunkContext = { origin: context.origin, token: db.token, localWrites: context.localWrites, direct };
  const pages = readPages(http, options.isStopped, PAGES_AHEAD, reached.pull);
  // The page written before this one: its checkpoints count once it and all before it are stored.
  let previous: Promise<void> = Promise.resolve();
  try {
    // The first page is fetched at once (offline, this fails before anything waits); writing
    // waits for the conversation list.
    let page = await pages.next();
    await options.writeAfter;
    // Stored before the first write: from here on the device is in the middle of a first sync.
    if (page && !options.isStopped()) await checkpoints.write({ [FIRST_SYNC_ITEM]: context.progress() });
    while (page && !options.isStopped()) {
      const checkpoint = page.checkpoint ?? null;
      const wire = page.documents as (MessageDoc & { _deleted: boolean })[];
      const docs = wire.filter((doc) => !doc._deleted).map((doc) => fromWireMessage(doc));
      const deleted = wire.filter((doc) => doc._deleted).map((doc) => fromWireMessage(doc));
      // Chunks are queued without waiting for the previous commit: the next chunk's puts overlap it.
      const writes: Promise<Position>[] = [];
      for (let i = 0; i < docs.length && !options.isStopped(); i += chunk) {
        writes.push(writeChunk(storage, docs.slice(i, i + chunk), chunkContext));
        if (!direct) await yieldToMain();
      }
      // Revocations and deletions: only for messages already on the device (a resumed sync).
      if (deleted.length > 0 && !options.isStopped()) writes.push(applyDeleted(storage, deleted, chunkContext));
      const written = Promise.all(writes);
      written.catch(() => undefined);
      const before = previous;
      previous = before.then(async () => {
        for (const position of await written) reached.push = later(reached.push, position);
        if (options.isStopped()) return;
        reached.pull = checkpoint ?? reached.pull;
        await checkpoints.write({ [FIRST_SYNC_ITEM]: context.progress() });
      });
      // One page is written while the next one is issued: IndexedDB runs the two transactions
      // in order, and the storage goes from one commit straight to the next page's puts.
      await before;
      page = await pages.next();
    }
    await previous;
  } catch {
    // Offline or refused: the replication continues from what was written (and reports errors).
    await previous.catch(() => undefined);
  }
}

interface ChunkContext {
  origin: string;
  token: string;
  localWrites: Set<string>;
  /** The one-transaction page writer, when the storage has one. */
  direct: PageWriter | null;
}

/** Documents of the chunk already on the device (nothing was written for them). */
async function insert(storage: Writer, docs: Stored[], direct: PageWriter | null): Promise<Stored[]> {
  if (direct) {
    const present = await direct(docs);
    return present.length > 0 ? storage.findDocumentsById(present, true) : [];
  }
  const result = await storage.bulkWrite(docs.map((document) => ({ document })), CONTEXT);
  return result.error.map((error) => {
    if (error.status !== 409 || !error.documentInDb) throw new Error(`The first sync could not store a message (${error.status}).`);
    return error.documentInDb;
  });
}

/** The device's copy was written by this replication's pull (or the first sync) and not changed since. */
const fromServer = (doc: Stored, origin: string): boolean => {
  const mark = (doc._meta as { o?: { _rev: number; hash: string } }).o;
  return !!mark && mark.hash === origin && mark._rev === getHeightOfRevision(doc._rev);
};

/**
 * Replaces copies already on the device by the server's, as the replication's pull would: a
 * pending message of mine (it cannot be edited, so the server's copy is the same message,
 * acknowledged) and a copy the server wrote and nobody changed since (an edit or a revocation
 * of it, met again by a resumed first sync). A copy with a change of mine not pushed yet is left
 * to the push, whose conflict answer brings the server's state.
 */
async function replacePresent(storage: Writer, present: Stored[], rows: Map<string, Stored>, chunk: ChunkContext): Promise<Position> {
  const { origin, token, localWrites } = chunk;
  const replace: BulkWriteRow<LocalMessageDoc>[] = [];
  const replacedAt = now();
  for (const mine of present) {
    const server = rows.get(mine.id);
    if (!server) continue;
    const pending = mine.server_seq === PENDING_SERVER_SEQ;
    if (!pending && !fromServer(mine, origin)) continue;
    const height = getHeightOfRevision(mine._rev) + 1;
    replace.push({ previous: mine, document: { ...server, _rev: createRevision(token, mine), _meta: { lwt: replacedAt, o: { _rev: height, hash: origin } } } as Stored });
    if (pending) localWrites.delete(mine.id);
  }
  if (replace.length === 0) return null;
  await storage.bulkWrite(replace, CONTEXT);
  const last = replace.reduce((max, row) => (row.document.id > max ? row.document.id : max), '');
  return { id: last, lwt: replacedAt };
}

/** Inserts one chunk as the replication's pull would; returns the device checkpoint after it. */
async function writeChunk(storage: Writer, docs: LocalMessageDoc[], chunk: ChunkContext): Promise<Position> {
  const lwt = now();
  const rev = createRevision(chunk.token);
  const rows = docs.map((doc) => ({ ...doc, _deleted: false, _attachments: {}, _rev: rev, _meta: { lwt, o: { _rev: 1, hash: chunk.origin } } }) as Stored);
  const present = await insert(storage, rows, chunk.direct);
  const replaced = present.length > 0 ? await replacePresent(storage, present, new Map(rows.map((row) => [row.id, row])), chunk) : null;
  if (replaced) return replaced;
  const last = docs.reduce((max, doc) => (doc.id > max ? doc.id : max), '');
  return last ? { id: last, lwt } : null;
}

/** Applies the server's deletions to the copies on the device (nothing is stored for the others). */
async function applyDeleted(storage: Writer, docs: LocalMessageDoc[], chunk: ChunkContext): Promise<Position> {
  const present = (await storage.findDocumentsById(docs.map((doc) => doc.id), false)).filter((doc) => !doc._deleted);
  if (present.length === 0) return null;
  const rows = new Map(docs.map((doc) => [doc.id, { ...doc, _deleted: true, _attachments: {} } as unknown as Stored]));
  return replacePresent(storage, present, rows, chunk);
}

/** Re-writes documents the user changed during the first sync so they sort after its push checkpoint. */
async function restamp(storage: Writer, ids: string[], token: string): Promise<void> {
  if (ids.length === 0) return;
  const current = await storage.findDocumentsById(ids, false);
  if (current.length === 0) return;
  const lwt = now();
  await storage.bulkWrite(
    current.map((doc) => ({ previous: doc, document: { ...doc, _rev: createRevision(token, doc), _meta: { ...doc._meta, lwt } } })),
    `${CONTEXT}-restamp`,
  );
}

/** Starts the messages replication where a first sync left off (RxDB reads these at start). */
export function startAfterFirstSync(state: RxReplicationState<unknown, SyncCheckpoint>, checkpoints: FirstSyncCheckpoints | null): Promise<void> {
  if (checkpoints && state.pull && state.push) {
    state.pull.initialCheckpoint = checkpoints.pull ?? undefined;
    state.push.initialCheckpoint = checkpoints.push ?? undefined;
  }
  return state.start();
}
