import { newMessageId } from '../../shared/ids';
import { formsAlbum } from '../../shared/rules';
import { nowIso } from '../../shared/schemas';
import { imageFacts } from './thumbnail';
import type { AttachmentKind, OutboxEntry } from './types';

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/** The kind a chosen file is sent as: photos inline, everything else as a file card. */
export function kindOf(mime: string): 'image' | 'file' {
  return IMAGE_TYPES.has(mime) ? 'image' : 'file';
}

export interface Prepared {
  entry: OutboxEntry;
  blob: Blob;
}

/** A name that passes the shared rule: no path, at most 255 characters. */
export function safeName(name: string, fallback: string): string {
  const base = name.split(/[/\\]/).pop()?.trim() ?? '';
  return [...(base || fallback)].slice(0, 255).join('');
}

/**
 * Turns what the user chose into outbox entries, one message each (a caption goes on the first).
 * Two or more photos share one album id, so the timeline shows them as one grid; files among
 * them go on their own. Photos get their size and a thumbnail drawn here, so the pending
 * message shows at once.
 */
export async function prepareFiles(
  roomId: string,
  files: readonly File[],
  caption: string,
): Promise<Prepared[]> {
  const kinds = files.map((file) => kindOf(file.type));
  const albumId = formsAlbum(kinds) ? newMessageId() : null;
  const prepared: Prepared[] = [];
  for (const [index, file] of files.entries()) {
    const kind = kinds[index] ?? 'file';
    const facts = kind === 'image' ? await imageFacts(file) : null;
    prepared.push({
      blob: file,
      entry: baseEntry(roomId, kind, index === 0 ? caption : '', {
        name: safeName(file.name, kind === 'image' ? 'photo' : 'file'),
        mime: file.type || 'application/octet-stream',
        size: file.size,
        width: facts?.width ?? null,
        height: facts?.height ?? null,
        duration_ms: null,
        thumbnail: facts?.thumbnail ?? null,
      }, kind === 'image' ? albumId : null),
    });
  }
  return prepared;
}

/** A recorded voice note as an outbox entry. */
export function prepareVoice(roomId: string, blob: Blob, durationMs: number): Prepared {
  const mime = blob.type.split(';')[0] || 'audio/webm';
  const extension = mime === 'audio/ogg' ? 'ogg' : mime === 'audio/mp4' ? 'm4a' : 'webm';
  return {
    blob,
    entry: baseEntry(roomId, 'voice', '', {
      name: `voice-note.${extension}`,
      mime,
      size: blob.size,
      width: null,
      height: null,
      duration_ms: Math.max(1, Math.round(durationMs)),
      thumbnail: null,
    }),
  };
}

function baseEntry(
  roomId: string,
  kind: AttachmentKind,
  content: string,
  file: Pick<OutboxEntry, 'name' | 'mime' | 'size' | 'width' | 'height' | 'duration_ms' | 'thumbnail'>,
  albumId: string | null = null,
): OutboxEntry {
  return {
    id: newMessageId(),
    room_id: roomId,
    kind,
    content,
    album_id: albumId,
    created_at: nowIso(),
    ...file,
    uploaded: null,
  };
}
