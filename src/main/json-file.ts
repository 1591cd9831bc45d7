import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { log } from './log';

/**
 * Small JSON files in userData (window bounds, settings). A file that is missing, unreadable or
 * fails its schema counts as absent: a hand-edited or half-written file must never stop the app
 * from starting.
 */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>): T | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    log.warn('ignoring invalid', path);
  } catch {
    log.warn('ignoring unparsable', path);
  }
  return null;
}

/** Writes via a temp file and rename so a crash mid-write leaves the old file intact. */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  writeFileSync(temp, JSON.stringify(value, null, 2), { mode: 0o600 });
  renameSync(temp, path);
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}
