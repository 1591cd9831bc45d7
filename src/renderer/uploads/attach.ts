import { albumSizeProblem } from '../../shared/rules';
import { getUploads, whenUploadsReady } from './runtime';
import { prepareFiles, prepareVoice } from './prepare';

/** Files bigger than this are refused before anything is stored (SPEC §8: 25 MiB). */
export const ATTACH_MAX_BYTES = 25 * 1024 * 1024;

/** Why these files cannot be attached, or null. */
export function attachProblem(files: readonly File[]): string | null {
  const many = albumSizeProblem(files.length);
  if (many) return many;
  const big = files.find((file) => file.size > ATTACH_MAX_BYTES);
  if (big) return `${big.name} is larger than 25 MB.`;
  const empty = files.find((file) => file.size === 0);
  if (empty) return `${empty.name} is empty.`;
  return null;
}

/**
 * Sends files as one message each (the caption on the first; two or more photos as one album),
 * through the outbox: stored on
 * the device first, uploaded when online, the message written after its upload.
 */
export async function attachFiles(roomId: string, files: readonly File[], caption: string): Promise<void> {
  const problem = attachProblem(files);
  if (problem) throw new Error(problem);
  const { queue } = await whenUploadsReady();
  await queue.enqueue(await prepareFiles(roomId, files, caption));
}

/** Sends a recorded voice note through the outbox. */
export async function attachVoice(roomId: string, blob: Blob, durationMs: number): Promise<void> {
  await (await whenUploadsReady()).queue.enqueue([prepareVoice(roomId, blob, durationMs)]);
}

/** Stops and drops an attachment that has not been sent. */
export function cancelUpload(id: string): Promise<void> {
  return getUploads().queue.cancel(id);
}

export function retryUpload(id: string): Promise<void> {
  return getUploads().queue.retry(id);
}
