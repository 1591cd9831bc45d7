/** ISO-8601 UTC with milliseconds: `2025-10-26T06:38:14.123Z` (SPEC §1). */
export const TIMESTAMP_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$';

export const idField = { type: 'string', maxLength: 100 } as const;
export const timestampField = { type: 'string', maxLength: 24, pattern: TIMESTAMP_PATTERN } as const;
export const nullableTimestampField = {
  type: ['string', 'null'],
  maxLength: 24,
  pattern: TIMESTAMP_PATTERN,
} as const;

/**
 * The later of two wire timestamps (their string order is their time order); a missing one counts
 * as earliest. Read markers only move forward with it, on the client and the server alike.
 */
export function laterOf(a: string, b: string | null | undefined): string;
export function laterOf(a: string | null, b: string | null | undefined): string | null;
export function laterOf(a: string | null, b: string | null | undefined): string | null {
  if (a === null) return b ?? null;
  if (b === null || b === undefined) return a;
  return a > b ? a : b;
}

/** The current time in the wire format. */
export function nowIso(date: Date = new Date()): string {
  return date.toISOString();
}
