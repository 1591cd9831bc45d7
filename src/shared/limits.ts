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
/** Attachment uploads (SPEC §8): the one body allowed past BODY_LIMIT_BYTES. */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
/** A message's thumbnail: a data URL of at most 8 KiB (ASCII, so characters are bytes). */
export const THUMBNAIL_MAX_CHARS = 8 * 1024;
/** Photos are scaled to at most this many pixels on their long side. */
export const IMAGE_MAX_SIDE = 2048;
/** The largest width or height a message may state (a bound for the schema, not a display size). */
export const IMAGE_MAX_DIMENSION = 100_000;
/** Voice notes: at most 5 minutes. */
export const VOICE_MAX_DURATION_MS = 5 * 60 * 1000;
export const ATTACHMENT_NAME_MAX_CHARS = 255;
export const LOCATION_LABEL_MAX_CHARS = 200;
/** The longest voice note a message may state: the recorder's 5 minutes plus a margin for its clock. */
export const VOICE_DURATION_BOUND_MS = VOICE_MAX_DURATION_MS + 5_000;
/** Photos sent at once as one album (one grid): at most this many, as WhatsApp and Telegram allow. */
export const ALBUM_MAX_PHOTOS = 10;
