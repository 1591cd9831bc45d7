import { createParser, type EventSourceMessage } from 'eventsource-parser';
import {
  RESYNC,
  STREAM_EVENTS,
  type PresenceEvent,
  type StreamChangeEvent,
  type TypingEvent,
} from '../../shared/replication';
import { isCollectionName } from '../../shared/schemas';

/** One decoded event of GET /api/sync/stream (SPEC §4). */
export type StreamEvent =
  | { type: 'change'; change: StreamChangeEvent }
  | { type: 'resync' }
  | { type: 'typing'; typing: TypingEvent }
  | { type: 'presence'; presence: PresenceEvent };

function parseJson(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Decodes one SSE message; anything malformed or unknown is ignored (returns null). */
export function parseStreamMessage(message: EventSourceMessage): StreamEvent | null {
  const data = parseJson(message.data);
  if (message.event === STREAM_EVENTS.typing) {
    if (!isObject(data) || typeof data.room_id !== 'string' || typeof data.user_id !== 'string') return null;
    return {
      type: 'typing',
      typing: { room_id: data.room_id, user_id: data.user_id, at: String(data.at ?? '') },
    };
  }
  if (message.event === STREAM_EVENTS.presence) {
    if (!isObject(data) || typeof data.user_id !== 'string' || typeof data.online !== 'boolean') return null;
    return { type: 'presence', presence: { user_id: data.user_id, online: data.online } };
  }
  if (message.event !== undefined && message.event !== 'message') return null;
  // The SPEC sends the bare string; accept its JSON-quoted form too.
  if (message.data === RESYNC || data === RESYNC) return { type: 'resync' };
  if (!isObject(data) || typeof data.collection !== 'string' || !isCollectionName(data.collection))
    return null;
  if (!Array.isArray(data.documents) || !isObject(data.checkpoint)) return null;
  return { type: 'change', change: data as unknown as StreamChangeEvent };
}

/**
 * Reads an SSE body to its end (or until `signal` aborts), calling `onEvent` per decoded event
 * and `onActivity` for every chunk (heartbeat comments included) so the caller can detect a
 * silently dead connection.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: StreamEvent) => void,
  onActivity?: () => void,
  signal?: AbortSignal,
): Promise<void> {
  const parser = createParser({
    onEvent(message) {
      const event = parseStreamMessage(message);
      if (event) onEvent(event);
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  // Not every fetch ends the body on abort; cancelling the reader always does.
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onActivity?.();
      parser.feed(decoder.decode(value, { stream: true }));
    }
    parser.feed(decoder.decode());
  } finally {
    signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}
