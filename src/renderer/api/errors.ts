import { z } from 'zod';
import { isErrorEnvelope } from '../../shared/errors';

/** Code of an ApiError raised when the server could not be reached at all (status 0). */
export const OFFLINE_CODE = 'offline';

/**
 * A failed request: `status` and `code` come from the server's error envelope (SPEC §1), or
 * `status` 0 with code `offline` when the request never got an answer.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Seconds from a 429's Retry-After header. */
  readonly retryAfter: number | undefined;
  /** The envelope's `details` (for validation_failed: `[{path, message}]`, one per field). */
  readonly details: unknown;

  constructor(status: number, code: string, message: string, retryAfter?: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.details = details;
  }
}

export function isOfflineError(err: unknown): boolean {
  return err instanceof ApiError && err.status === 0;
}

export function isAuthError(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}

export function offlineError(): ApiError {
  return new ApiError(0, OFFLINE_CODE, 'Cannot reach the server.');
}

/** Builds the ApiError for a non-2xx response, reading the error envelope when there is one. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const retryHeader = res.headers.get('Retry-After');
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (a proxy page, an empty body): fall back to the status line.
  }
  if (isErrorEnvelope(body)) {
    return new ApiError(res.status, body.error.code, body.error.message, retryAfter, body.error.details);
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`, retryAfter);
}

const FRIENDLY: Record<string, string> = {
  [OFFLINE_CODE]:
    'Cannot reach the server. Check your connection; messages you write are kept and sent later.',
  invalid_credentials: 'Wrong username or password.',
  username_taken: 'That username is already taken.',
  email_taken: 'An account with that email already exists.',
  token_expired: 'Your session has ended. Please log in again.',
  invalid_token: 'Your session has ended. Please log in again.',
  unauthorized: 'Your session has ended. Please log in again.',
  forbidden: 'You are not allowed to do that.',
  payload_too_large: 'That is too large to send.',
  rate_limited: 'Too many requests. Try again in a moment.',
};

/**
 * The one place that turns any failure into text for the user (STYLE.md): API errors by code,
 * form validation errors by their first issue, anything else by a generic sentence.
 */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    const friendly = FRIENDLY[err.code];
    if (friendly) return friendly;
    if (err.status >= 500) return 'The server had a problem. Try again later.';
    return err.message || 'The request failed.';
  }
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    if (!issue) return 'Please check the form.';
    const field = issue.path.map(String).join('.').replace(/_/g, ' ');
    return field ? `${field}: ${issue.message}` : issue.message;
  }
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong.';
}
