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
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what = 'Not found'): AppError => new AppError('not_found', what);

export function envelope(code: ErrorCode, message: string, details?: unknown): ErrorEnvelope {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};

/** The one place where failures become HTTP answers. */
export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof AppError) {
      res.status(err.status).json(envelope(err.code, err.message, err.details));
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
