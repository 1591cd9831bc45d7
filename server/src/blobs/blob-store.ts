import type { Readable } from 'node:stream';
import type { Sql } from '../db/sql';
import { createFileBlobStore } from './file-blobs';
import { createPostgresBlobStore } from './pg-blobs';

/** Bytes `start` to `end` of a blob, both included, as an HTTP `Range` names them. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The seam between attachments and where their bytes live, content-addressed by sha-256: files
 * under DATA_DIR on the embedded default, PostgreSQL rows when DATABASE_URL is set (so every
 * instance reads every blob). Both pass one suite (server/test/attachments-blobs.test.ts).
 */
export interface BlobStore {
  /**
   * Stores the file at `path` (whose bytes hash to `sha256`) unless that blob is stored already,
   * and either way restarts its age, so a sweep running at the same moment keeps it. The file at
   * `path` may be moved or removed.
   */
  put(sha256: string, path: string): Promise<void>;
  /** The bytes (only those of `range` when given), or null when no such blob is stored. */
  read(sha256: string, range?: ByteRange): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
  /**
   * Deletes every blob stored (or last put) before `cutoff` that `inUse` says nothing points
   * at any more; answers how many went.
   */
  sweep(cutoff: Date, inUse: (sha256: string) => Promise<boolean>): Promise<number>;
}

/** Where blob files live under DATA_DIR; uploads are spooled next to them (same file system, so a move is a rename). */
export const BLOB_DIR = 'blobs';

/** PostgreSQL when the database is PostgreSQL, else files in `dataDir`. */
export function createBlobStore(sql: Sql, dataDir: string): BlobStore {
  return sql.dialect === 'postgres' ? createPostgresBlobStore(sql) : createFileBlobStore(dataDir);
}

/** Is `text` a lower-case hex sha-256? Blob addresses become file names: nothing else gets near the disk. */
export const isSha256 = (text: string): boolean => /^[0-9a-f]{64}$/.test(text);
