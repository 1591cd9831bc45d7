import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors';

export interface Spooled {
  path: string;
  size: number;
  /** sha-256 of the bytes as received (hex). */
  sha256: string;
}

const tooLarge = (limit: number) =>
  new AppError('payload_too_large', `Attachment is larger than ${Math.round(limit / (1024 * 1024))} MiB`);

/**
 * Streams a request body to a file in `dir`, hashing and counting it on the way, never holding
 * it in memory. Past `limit` bytes it stops with 413 and removes what it wrote (a declared
 * Content-Length over the limit is refused before a byte is read).
 */
export async function spoolBody(body: Readable, declaredLength: string | undefined, dir: string, limit: number): Promise<Spooled> {
  if (declaredLength !== undefined && Number(declaredLength) > limit) throw tooLarge(limit);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `upload-${randomUUID()}`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) return done(tooLarge(limit));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, createWriteStream(path));
  } catch (err) {
    await rm(path, { force: true });
    if (err instanceof AppError) throw err;
    throw new AppError('validation_failed', 'The upload was interrupted before its end');
  }
  return { path, size, sha256: hash.digest('hex') };
}
