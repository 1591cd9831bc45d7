import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BLOB_DIR, isSha256, type BlobStore } from './blob-store';

/**
 * Blobs as files: `DATA_DIR/blobs/ab/abcdef…` (the first two hex digits fan the files out over
 * 256 folders). A file's mtime is its age for the sweep; a put of a stored blob touches it.
 * Puts and the sweep's check-then-delete of one file take turns (one process owns the SQLite
 * data folder), so a sweep never deletes a blob an upload has just put.
 */
export function createFileBlobStore(dataDir: string): BlobStore {
  const root = join(dataDir, BLOB_DIR);
  const pathOf = (sha256: string) => {
    if (!isSha256(sha256)) throw new Error('not a sha-256 blob address');
    return join(root, sha256.slice(0, 2), sha256);
  };
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = turn.then(fn, fn);
    turn = next.catch(() => {});
    return next;
  };
  const mtime = async (path: string) => (await stat(path).catch(() => null))?.mtimeMs ?? null;

  return {
    put: (sha256, path) =>
      exclusive(async () => {
        const target = pathOf(sha256);
        const now = new Date();
        if ((await mtime(target)) !== null) {
          await utimes(target, now, now);
          await rm(path, { force: true });
          return;
        }
        await mkdir(join(root, sha256.slice(0, 2)), { recursive: true });
        await rename(path, target);
        await utimes(target, now, now);
      }),
    async read(sha256, range) {
      const path = pathOf(sha256);
      if ((await mtime(path)) === null) return null;
      return createReadStream(path, range && { start: range.start, end: range.end }) as Readable;
    },
    has: async (sha256) => (await mtime(pathOf(sha256))) !== null,
    async sweep(cutoff, inUse) {
      let removed = 0;
      const folders = await readdir(root).catch(() => [] as string[]);
      for (const folder of folders) {
        if (!/^[0-9a-f]{2}$/.test(folder)) continue;
        for (const name of await readdir(join(root, folder))) {
          if (!isSha256(name)) continue;
          const gone = await exclusive(async () => {
            const path = pathOf(name);
            const at = await mtime(path);
            if (at === null || at >= cutoff.getTime() || (await inUse(name))) return false;
            await rm(path, { force: true });
            return true;
          });
          if (gone) removed += 1;
        }
      }
      return removed;
    },
  };
}
