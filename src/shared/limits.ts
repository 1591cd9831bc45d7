/** Limits shared by client and server (SPEC §6). */
export const MESSAGE_MAX_CHARS = 4000;
export const BODY_LIMIT_BYTES = 256 * 1024;
/** REST message pages: default and maximum size. */
export const MESSAGE_PAGE_SIZE = 50;
/** Replication pull batch: default and maximum. */
export const PULL_BATCH_DEFAULT = 200;
export const PULL_BATCH_MAX = 1000;
/** Push batch maximum (rows per request). */
export const PUSH_BATCH_MAX = 500;
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
export const STREAM_HEARTBEAT_MS = 15_000;
/** How long a typing indicator stays up without a new typing event. */
export const TYPING_TTL_MS = 5_000;
export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{3,32}$/;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
export const NAME_MAX_LENGTH = 64;
export const SEARCH_QUERY_MAX_LENGTH = 100;
export const SEARCH_RESULTS_MAX = 20;
