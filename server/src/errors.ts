import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ERROR_STATUS, type ErrorCode, type ErrorEnvelope } from './shared';

/** A failure the client should see, with its wire code; the HTTP status follows from the code. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds the client should wait before trying again (sent as `Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/** A refusal the client may retry after `seconds` (429, 503): the answer carries `Retry-After`. */
export const retryLater = (code: ErrorCode, message: string, seconds: number): AppError =>
  new AppError(code, message, undefined, Math.max(1, Math.ceil(seconds)));

export const notFound = (what = 'Not found'): AppError => new AppError('not_found', what);

export function envelope(code: ErrorCode, message: string, details?: unknown): ErrorEnvelope {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};

/** SQLite's "database or disk is full" (also raised when `max_page_count` is reached). */
export function isStorageFull(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_FULL';
}

/**
 * The one place where failures become HTTP answers. `onStorageFull` lets health report the
 * disk as full; the write that met it was rolled back as a whole, so the answer says "nothing stored".
 */
export function errorMiddleware(log: Logger, onStorageFull: () => void = () => {}): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof AppError) {
      if (err.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      res.status(err.status).json(envelope(err.code, err.message, err.details));
      return;
    }
    if (isStorageFull(err)) {
      onStorageFull();
      log.error('the database could not grow: disk full');
      res.status(507).json(envelope('storage_full', 'The server is out of storage space; nothing was stored. Try again later.'));
      return;
    }
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') {
      res.status(413).json(envelope('payload_too_large', 'Request body is larger than 256 KiB'));
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json(envelope('invalid_json', 'Request body is not valid JSON'));
      return;
    }
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
      res.status(415).json(envelope('unsupported_media_type', 'Unsupported body encoding'));
      return;
    }
    log.error({ err }, 'unhandled error');
    res.status(500).json(envelope('internal', 'Something went wrong on the server'));
  };
}
