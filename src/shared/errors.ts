/** Every error response body (SPEC §1). */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Error codes on the wire, with the HTTP status each one answers with. */
export const ERROR_STATUS = {
  invalid_json: 400,
  validation_failed: 400,
  invalid_user_id: 400,
  cannot_dm_self: 400,
  invalid_checkpoint: 400,
  invalid_cleaner: 400,
  unknown_collection: 404,
  unauthorized: 401,
  invalid_credentials: 401,
  token_expired: 401,
  invalid_token: 401,
  forbidden: 403,
  not_found: 404,
  username_taken: 409,
  email_taken: 409,
  message_id_conflict: 409,
  job_closed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const err = (value as { error?: unknown }).error;
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { message?: unknown }).message === 'string'
  );
}
