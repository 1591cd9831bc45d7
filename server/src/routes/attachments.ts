import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { ByteRange } from '../blobs/blob-store';
import { z } from 'zod';
import { attachmentThumbnail, openAttachment, uploadAttachment } from '../domain/attachments';
import type { Ctx } from '../domain/context';
import type { AttachmentRow } from '../db/attachments';
import { AppError } from '../errors';
import { authOf } from '../middleware';
import { isAudioMime, isImageMime } from '../shared';
import { parse } from '../validate';

const uploadQuery = z.strictObject({ name: z.string().max(1024), duration_ms: z.string().max(12).optional() });

/**
 * POST /api/chat/rooms/:id/attachments/: the file's bytes as the body (SPEC §8). Mounted ahead
 * of the room routes so no JSON parser ever reads it; the 256 KiB JSON limit stays everywhere else.
 */
export function uploadRoutes(ctx: Ctx, authed: RequestHandler[]): Router {
  const r = Router();
  r.post('/:id/attachments', ...authed, async (req, res) => {
    try {
      const q = parse(uploadQuery, req.query);
      const answer = await uploadAttachment(ctx, authOf(res).userId, req.params.id as string, {
        body: req,
        contentType: req.headers['content-type'],
        contentLength: req.headers['content-length'],
        name: q.name,
        durationMs: q.duration_ms,
      });
      res.status(201).json(answer);
    } catch (err) {
      // The rest of a refused body is not read: close the connection rather than wait for it.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw err;
    }
  });
  return r;
}

/** `filename*` (RFC 6266/5987) carries any name; the plain `filename` is its ASCII fallback. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Headers of every attachment answer: never sniffed, never run as a page (a CSP sandbox in case
 * it is opened directly), and anything but images and audio downloaded rather than shown.
 */
function fileHeaders(res: Response, row: AttachmentRow, mime: string): void {
  res.setHeader('Content-Type', mime === 'text/plain' ? 'text/plain; charset=utf-8' : mime);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  // Private: who may read it can change (a member removed); the app keeps its own offline copy.
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('ETag', `"${row.sha256}"`);
  const inline = isImageMime(mime) || isAudioMime(mime);
  res.setHeader('Content-Disposition', disposition(inline ? 'inline' : 'attachment', row.name));
}

/**
 * The one byte range a `Range: bytes=…` header asks of a file of `row.size` bytes (parsed by
 * Express's range-parser), so a voice note or a video seeks without fetching it all. Several
 * ranges, a malformed header, a unit other than bytes, or an `If-Range` naming other bytes get
 * the whole file (RFC 9110 allows it); a range wholly past the end is 416 with the size.
 */
function requestedRange(req: Request, res: Response, row: AttachmentRow): ByteRange | undefined {
  if (!req.headers.range) return undefined;
  const ifRange = req.headers['if-range'];
  if (ifRange !== undefined && ifRange !== `"${row.sha256}"`) return undefined;
  const ranges = req.range(row.size, { combine: true });
  if (ranges === -1) {
    res.setHeader('Content-Range', `bytes */${row.size}`);
    throw new AppError('range_not_satisfiable', `The file has ${row.size} bytes`);
  }
  if (ranges === undefined || ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined;
  const [only] = ranges;
  return only && { start: only.start, end: only.end };
}

/** GET /api/attachments/:id and /:id/thumbnail: 404 unless the caller may read it (authz.requireAttachment). */
export function attachmentRoutes(ctx: Ctx, authed: RequestHandler[]): Router {
  const r = Router();
  r.use(...authed);
  r.get('/:id', async (req, res) => {
    const { row, body, range } = await openAttachment(ctx, authOf(res).userId, req.params.id, (r) => requestedRange(req, res, r));
    fileHeaders(res, row, row.mime);
    res.setHeader('Accept-Ranges', 'bytes');
    if (req.fresh) {
      body.destroy();
      res.status(304).end();
      return;
    }
    if (range) {
      res.status(206);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${row.size}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.setHeader('Content-Length', String(row.size));
    }
    body.on('error', () => res.destroy());
    body.pipe(res);
  });
  r.get('/:id/thumbnail', async (req, res) => {
    const { row, mime, bytes } = await attachmentThumbnail(ctx, authOf(res).userId, req.params.id);
    fileHeaders(res, row, mime);
    res.setHeader('Content-Disposition', 'inline');
    res.end(bytes);
  });
  return r;
}
