import { laterOf } from '../schemas/common';

export { laterOf };

/**
 * The time rules (SPEC §1, §2, §6). Wire timestamps are ISO-8601 UTC with milliseconds and
 * compare as strings. `created_at` is the writer's clock and only for display; order, unread and
 * `last_message_time` use `received_at`, the server's clock at insert.
 */
const TIMESTAMP_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * True only for a real calendar instant written exactly as `2025-10-26T06:38:14.123Z`.
 * The shape alone lets `9999-99-99T99:99:99.999Z` through, which `Date.parse` turns into NaN,
 * and NaN escapes every comparison; the round trip refuses it and any rolled-over date.
 */
export function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !TIMESTAMP_SHAPE.test(value)) return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString() === value;
}

/** A writer's `created_at` may run at most this far ahead of the server's clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * The `created_at` the server stores: the writer's clock as sent, except one far in the future,
 * which becomes the server's time. Callers pass only strictly parsed timestamps.
 */
export function clampCreatedAt(createdAt: string, now: string): string {
  return Date.parse(createdAt) - Date.parse(now) > MAX_CLOCK_SKEW_MS ? now : createdAt;
}

/** A time no later than `now`: a client's clock that runs ahead cannot pin a marker in the future. */
export function notAfter(time: string, now: string): string {
  return time > now ? now : time;
}

/**
 * The read-marker rule: marking a room read moves `last_read_at` to the later of `now` and the
 * newest message's `received_at`, and never back. The server applies it with its own `now`
 * (after a send for the sender, and on `POST …/read/`); the client with its clock, and the
 * server then caps what the client pushed at its own now (`acceptReadMarker`).
 */
export function readMarker(current: string | null, now: string, newestReceivedAt: string | null): string {
  return laterOf(laterOf(now, newestReceivedAt), current);
}

/** The server's side of a pushed `last_read_at`: never backwards, never past the server's now. */
export function acceptReadMarker(current: string | null, pushed: string | null, now: string): string | null {
  return laterOf(current, pushed === null ? null : notAfter(pushed, now));
}
