import { open } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Sql } from '../db/sql';
import { isSha256, type BlobStore } from './blob-store';

/** Bytes per row of `blob_chunks`: big enough that a photo is a few rows, small enough to read one at a time. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Blobs in PostgreSQL (migration 6): one `blobs` row per sha-256 with its age, the bytes in
 * `blob_chunks` rows of 1 MiB, so every instance serves every blob with nothing else to share.
 * Chunked rows rather than large objects: they are plain rows (dumped, replicated and dropped
 * with the schema, deleted by a cascade), and a read streams one chunk at a time.
 */
export function createPostgresBlobStore(sql: Sql): BlobStore {
  const check = (sha256: string) => {
    if (!isSha256(sha256)) throw new Error('not a sha-256 blob address');
  };
  return {
    async put(sha256, path) {
      check(sha256);
      const now = new Date().toISOString();
      const file = await open(path, 'r');
      try {
        const { size } = await file.stat();
        await sql.transaction(async () => {
          // A stored blob is only touched: its row lock makes a sweep at the same moment re-read
          // the new age and keep it. `xmax = 0` tells a fresh insert from that update.
          const row = await sql.get<{ fresh: boolean }>(
            `INSERT INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)
             ON CONFLICT (sha256) DO UPDATE SET created_at = EXCLUDED.created_at RETURNING (xmax = 0) AS fresh`,
            [sha256, size, now],
          );
          if (!row?.fresh) return;
          const buffer = Buffer.alloc(CHUNK_BYTES);
          for (let n = 0, offset = 0; offset < size || n === 0; n++) {
            const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, offset);
            await sql.run('INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)', [sha256, n, Buffer.from(buffer.subarray(0, bytesRead))]);
            offset += bytesRead;
            if (bytesRead === 0) break;
          }
        });
      } finally {
        await file.close();
        await rm(path, { force: true });
      }
    },
    async read(sha256, range) {
      check(sha256);
      const blob = await sql.get<{ size: number }>('SELECT size FROM blobs WHERE sha256 = ?', [sha256]);
      if (!blob) return null;
      const start = range?.start ?? 0;
      const end = range?.end ?? Infinity;
      async function* chunks() {
        // Every chunk but the last holds exactly CHUNK_BYTES (put reads a whole file), so a
        // range starts at chunk start / CHUNK_BYTES and the chunks before it are never read.
        for (let n = Math.floor(start / CHUNK_BYTES); n * CHUNK_BYTES <= end; n++) {
          const chunk = await sql.get<{ data: Buffer }>('SELECT data FROM blob_chunks WHERE sha256 = ? AND n = ?', [sha256, n]);
          if (!chunk) return;
          const base = n * CHUNK_BYTES;
          const piece = chunk.data.subarray(Math.max(0, start - base), Math.min(chunk.data.length, end - base + 1));
          if (piece.length > 0) yield piece;
        }
      }
      return Readable.from(chunks());
    },
    has: async (sha256) => (await sql.get('SELECT 1 AS one FROM blobs WHERE sha256 = ?', [sha256])) !== undefined,
    async sweep(cutoff, inUse) {
      const old = await sql.all<{ sha256: string }>('SELECT sha256 FROM blobs WHERE created_at < ?', [cutoff.toISOString()]);
      let removed = 0;
      for (const { sha256 } of old) {
        if (await inUse(sha256)) continue;
        // Re-checked in the statement: a put since the SELECT has made the row young again.
        removed += await sql.run(
          `DELETE FROM blobs WHERE sha256 = ? AND created_at < ?
             AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = blobs.sha256)`,
          [sha256, cutoff.toISOString()],
        );
      }
      return removed;
    },
  };
}
