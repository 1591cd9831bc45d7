import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BLOB_DIR, type ByteRange } from '../blobs/blob-store';
import type { AttachmentRow } from '../db/attachments';
import { AppError } from '../errors';
import { isProcessedImage, processImage } from '../media/images';
import { sniffType } from '../media/sniff';
import { spoolBody } from '../media/spool';
import { ATTACHMENT_MAX_BYTES, attachmentNameProblem, durationProblem, isAudioMime, normalizeDisplayText, nowIso, type UploadAnswer } from '../shared';
import type { Ctx } from './context';


export interface UploadRequest {
  body: Readable;
  contentType: string | undefined;
  contentLength: string | undefined;
  name: unknown;
  durationMs: unknown;
}

export const uploadAnswer = (row: AttachmentRow): UploadAnswer => ({
  id: row.id,
  name: row.name,
  mime: row.mime,
  size: row.size,
  sha256: row.sha256,
  width: row.width,
  height: row.height,
  duration_ms: row.duration_ms,
  thumbnail: row.thumbnail,
});

function parseName(name: unknown): string {
  if (typeof name !== 'string') throw new AppError('validation_failed', 'Invalid request: ?name= names the file');
  const problem = attachmentNameProblem(name);
  if (problem) throw new AppError('validation_failed', `Invalid request: ${problem}`);
  return normalizeDisplayText(name);
}

function parseDuration(text: unknown): number | null {
  if (text === undefined) return null;
  const ms = typeof text === 'string' && /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  const problem = durationProblem(ms);
  if (problem) throw new AppError('validation_failed', `Invalid request: ${problem}`);
  return ms;
}

/** Where upload bodies are spooled while they arrive (next to the blob files: a move is a rename). */
const spoolDirOf = (dataDir: string) => join(dataDir, BLOB_DIR, 'incoming');

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * POST /rooms/:id/attachments/: the caller must be in the room; the body is spooled to disk
 * (never buffered in the request), charged to the caller's upload bytes, typed from its bytes,
 * re-encoded when it is a photo, stored once by its sha-256 and recorded as the caller's upload.
 * The same bytes from the same user again answer the attachment stored the first time.
 */
export async function uploadAttachment(ctx: Ctx, userId: string, roomId: string, req: UploadRequest): Promise<UploadAnswer> {
  await ctx.authz.requireRoom(userId, roomId);
  const name = parseName(req.name);
  const clientDuration = parseDuration(req.durationMs);
  const spoolDir = spoolDirOf(ctx.config.dataDir);
  const upload = await spoolBody(req.body, req.contentLength, spoolDir, ATTACHMENT_MAX_BYTES);
  const cleanup: string[] = [upload.path];
  try {
    await ctx.limits.attachments.chargeUpload(userId, upload.size);
    const again = await ctx.store.attachments.byUpload(userId, upload.sha256);
    if (again) return uploadAnswer(again);
    if (upload.size === 0) throw new AppError('unsupported_media_type', 'The upload is empty');
    const mime = await sniffType(upload.path, req.contentType);
    if (!mime) throw new AppError('unsupported_media_type', 'This kind of file cannot be sent (its contents are not an allowed type)');
    let stored = { path: upload.path, size: upload.size, sha256: upload.sha256 };
    let image: { width: number; height: number; thumbnail: string | null } | null = null;
    if (isProcessedImage(mime)) {
      const input = await readFile(upload.path);
      const processed = await ctx.limits.images.run(() =>
        processImage(input, mime).catch(() => {
          throw new AppError('unsupported_media_type', 'The photo could not be read as an image');
        }),
      );
      const path = `${upload.path}.out`;
      cleanup.push(path);
      await writeFile(path, processed.bytes);
      stored = { path, size: processed.bytes.length, sha256: sha256Of(processed.bytes) };
      image = processed;
    }
    await ctx.limits.attachments.requireStorage(userId, stored.size);
    await ctx.blobs.put(stored.sha256, stored.path);
    const now = nowIso();
    const row = await ctx.store.attachments.insertOrGet({
      id: randomUUID(),
      uploader_id: userId,
      source_sha256: upload.sha256,
      sha256: stored.sha256,
      name,
      mime,
      size: stored.size,
      width: image?.width ?? null,
      height: image?.height ?? null,
      duration_ms: isAudioMime(mime) ? clientDuration : null,
      thumbnail: image?.thumbnail ?? null,
      created_at: now,
      used_at: now,
    });
    return uploadAnswer(row);
  } finally {
    await Promise.all(cleanup.map((path) => rm(path, { force: true })));
  }
}

/** The bytes of an attachment the caller may read (authz.requireAttachment), with what its answer needs. */
export async function openAttachment(
  ctx: Ctx,
  userId: string,
  id: string,
  /** The bytes wanted, once the caller may read it and its size is known; the whole file when undefined. */
  rangeOf: (row: AttachmentRow) => ByteRange | undefined = () => undefined,
): Promise<{ row: AttachmentRow; body: Readable; range: ByteRange | undefined }> {
  const row = await ctx.authz.requireAttachment(userId, id);
  const range = rangeOf(row);
  const body = await ctx.blobs.read(row.sha256, range);
  if (!body) throw new AppError('not_found', 'Attachment not found');
  return { row, body, range };
}

/** The thumbnail's bytes and type, decoded from the data URL the message carries; 404 when it has none. */
export async function attachmentThumbnail(ctx: Ctx, userId: string, id: string) {
  const row = await ctx.authz.requireAttachment(userId, id);
  const match = row.thumbnail && /^data:(image\/[a-z]+);base64,(.*)$/.exec(row.thumbnail);
  if (!match) throw new AppError('not_found', 'This attachment has no thumbnail');
  return { row, mime: match[1]!, bytes: Buffer.from(match[2]!, 'base64') };
}

/** Spool files older than `cutoff`: left by a process that stopped in the middle of an upload. */
async function sweepSpool(dataDir: string, cutoff: Date): Promise<number> {
  const dir = spoolDirOf(dataDir);
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const at = (await stat(join(dir, name)).catch(() => null))?.mtimeMs;
    if (at === undefined || at >= cutoff.getTime()) continue;
    await rm(join(dir, name), { force: true });
    removed += 1;
  }
  return removed;
}

/**
 * Collects what nothing uses any more: uploads no message carries (never sent, or their messages
 * deleted) once `graceMs` has passed since their upload or last send, then the blobs no upload
 * points at that are as old, and spool files a stopped process left. `now` is injectable so
 * tests need no clock.
 */
export async function sweepAttachments(ctx: Pick<Ctx, 'store' | 'blobs' | 'config'>, now: Date = new Date()) {
  const cutoff = new Date(now.getTime() - ctx.config.attachments.graceMs);
  const attachments = await ctx.store.attachments.sweep(cutoff.toISOString());
  const blobs = await ctx.blobs.sweep(cutoff, (sha256) => ctx.store.attachments.blobInUse(sha256));
  const spooled = await sweepSpool(ctx.config.dataDir, cutoff);
  return { attachments, blobs, spooled };
}
