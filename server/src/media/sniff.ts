import { readFile } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { isAllowedMime } from '../shared';

/** file-type's names for types the allow-list (src/shared/rules/attachments.ts) spells otherwise. */
const ALIASES: Record<string, string> = {
  'audio/x-m4a': 'audio/mp4',
  'audio/x-wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/opus': 'audio/ogg',
  'audio/x-aac': 'audio/aac',
};

/**
 * The containers whose bytes do not say whether they hold sound only (WebM, MP4: what
 * MediaRecorder writes in Chromium and Safari). There, and only there, the declared
 * `Content-Type` picks the audio flavour of the very container the bytes are.
 */
const AUDIO_FLAVOUR: Record<string, string> = { 'video/webm': 'audio/webm', 'video/mp4': 'audio/mp4' };

/** Text is the one allowed type without a signature: valid UTF-8 with no control characters but tab and line ends. */
async function isPlainText(path: string): Promise<boolean> {
  const bytes = await readFile(path);
  if (bytes.length === 0) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return !bytes.some((b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f);
  } catch {
    return false;
  }
}

/**
 * The type of the file at `path`, decided from its bytes (SPEC §8), or null when it is not an
 * allowed kind: the name and the declared type never make a file something else, so an
 * executable renamed `photo.jpg` and sent as `image/jpeg` is still an executable, and refused.
 */
export async function sniffType(path: string, declared: string | undefined): Promise<string | null> {
  const found = await fileTypeFromFile(path);
  if (!found) return (await isPlainText(path)) ? 'text/plain' : null;
  const base = found.mime.split(';')[0]!.trim();
  const mime = ALIASES[base] ?? base;
  const flavour = AUDIO_FLAVOUR[mime];
  const claimed = declared?.split(';')[0]?.trim().toLowerCase();
  const chosen = flavour && claimed === flavour ? flavour : mime;
  return isAllowedMime(chosen) ? chosen : null;
}
