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
  /** The user has stored as many messages as the server allows one account. */
  quota_exceeded: 403,
  not_found: 404,
  username_taken: 409,
  email_taken: 409,
  message_id_conflict: 409,
  /** The message was deleted: it can no longer be edited or reacted to. */
  message_deleted: 409,
  job_closed: 409,
  /** The room takes messages from staff only (an announcement room). */
  posting_restricted: 403,
  /** That change does not apply to this kind of room (adding members to a DM, resolving a group). */
  room_type_not_allowed: 409,
  /** The room already holds the most members a room may have. */
  room_full: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A `Range` that lies wholly past the end of the file (answered with `Content-Range: bytes *\/size`). */
  range_not_satisfiable: 416,
  rate_limited: 429,
  /** Too many failed sign-ins to this account; wait for Retry-After. */
  too_many_attempts: 429,
  /** The user already holds the most streams allowed at once (windows and devices). */
  too_many_streams: 429,
  internal: 500,
  /** Too many password checks are waiting; retry after Retry-After. */
  server_busy: 503,
  /** The server's disk is full: nothing was stored. */
  storage_full: 507,
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
