import { randomBytes, createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBlobStore, type BlobStore, type ByteRange } from '../src/blobs/blob-store';
import { openSql } from '../src/db/store';
import type { Sql } from '../src/db/sql';
import { freshDatabase, TEST_BACKEND, type TestDatabase } from './helpers';

const opened: Array<{ sql: Sql; db: TestDatabase }> = [];
afterEach(async () => {
  for (const { sql, db } of opened.splice(0)) {
    await sql.close();
    await db.drop();
  }
});

async function fresh(): Promise<{ blobs: BlobStore; dir: string; sql: Sql }> {
  const db = await freshDatabase();
  const sql = await openSql(db);
  opened.push({ sql, db });
  return { blobs: createBlobStore(sql, db.dataDir), dir: db.dataDir, sql };
}

let n = 0;
/** Writes `bytes` to a spool file, as an upload would, and answers its path and sha-256. */
async function spooled(dir: string, bytes: Buffer) {
  const path = join(dir, `spool-${++n}`);
  await writeFile(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function readAll(blobs: BlobStore, sha256: string, range?: ByteRange): Promise<Buffer | null> {
  const stream = await blobs.read(sha256, range);
  if (!stream) return null;
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe(`BlobStore on ${TEST_BACKEND} (content-addressed attachment bytes)`, () => {
  it('keeps the bytes exactly, also across several 1 MiB chunks, and answers null for an unknown address', async () => {
    const { blobs, dir, sql } = await fresh();
    const bytes = randomBytes(2.5 * 1024 * 1024);
    const { path, sha256 } = await spooled(dir, bytes);
    await blobs.put(sha256, path);
    expect(await blobs.has(sha256)).toBe(true);
    expect((await readAll(blobs, sha256))?.equals(bytes)).toBe(true);
    expect(await readAll(blobs, 'f'.repeat(64))).toBeNull();
    if (sql.dialect === 'postgres') {
      expect((await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM blob_chunks WHERE sha256 = ?', [sha256]))?.n).toBe(3);
    }
    await expect(blobs.read('../../etc/passwd')).rejects.toThrow(/sha-256/);
  });

  it('reads a byte range (both ends included), also across and inside 1 MiB chunks', async () => {
    const { blobs, dir } = await fresh();
    const MiB = 1024 * 1024;
    const bytes = randomBytes(2.5 * MiB);
    const { path, sha256 } = await spooled(dir, bytes);
    await blobs.put(sha256, path);
    for (const [start, end] of [[0, 0], [0, 99], [MiB - 5, MiB + 5], [2 * MiB + 10, bytes.length - 1], [MiB, 2 * MiB - 1]] as const) {
      expect((await readAll(blobs, sha256, { start, end }))?.equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it('a second put of the same bytes stores nothing twice and restarts the blob age', async () => {
    const { blobs, dir } = await fresh();
    const bytes = Buffer.from('the same photo');
    const first = await spooled(dir, bytes);
    await blobs.put(first.sha256, first.path);
    const afterFirst = new Date(Date.now() + 1);
    await new Promise((ok) => setTimeout(ok, 5));
    const second = await spooled(dir, bytes);
    await blobs.put(second.sha256, second.path);
    // Older than `afterFirst` and unused would be swept; the second put made it younger.
    expect(await blobs.sweep(afterFirst, async () => false)).toBe(0);
    expect((await readAll(blobs, first.sha256))?.equals(bytes)).toBe(true);
  });

  it('sweeps only blobs older than the cutoff that nothing uses', async () => {
    const { blobs, dir } = await fresh();
    const used = await spooled(dir, Buffer.from('kept: a message carries it'));
    const unused = await spooled(dir, Buffer.from('collected'));
    await blobs.put(used.sha256, used.path);
    await blobs.put(unused.sha256, unused.path);
    const inUse = async (sha256: string) => sha256 === used.sha256;
    expect(await blobs.sweep(new Date(Date.now() - 60_000), inUse)).toBe(0);
    expect(await blobs.sweep(new Date(Date.now() + 60_000), inUse)).toBe(1);
    expect(await blobs.has(unused.sha256)).toBe(false);
    expect(await blobs.has(used.sha256)).toBe(true);
  });
});
