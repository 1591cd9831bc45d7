import { isAuthError } from '../api/errors';
import { STREAM_HEARTBEAT_MS } from '../../shared/limits';
import { readEventStream, type StreamEvent } from './stream';

export type StreamStatus = 'open' | 'closed' | 'failed';

export interface StreamConnectionOptions {
  /** Opens the SSE response (with auth); throws ApiError on failure. */
  open(signal: AbortSignal): Promise<Response>;
  onEvent(event: StreamEvent): void;
  onStatus(status: StreamStatus, error?: unknown): void;
  /** Delay before reconnect attempt `n` (0-based). */
  backoff?: (attempt: number) => number;
  /** Abort a connection that has been silent this long (the server sends a heartbeat every 15 s). */
  idleTimeoutMs?: number;
}

export interface StreamConnection {
  /** Settles when the connection loop has ended (stopped, or the session was refused). */
  readonly finished: Promise<void>;
  /** Drops the current connection or the pending wait and connects again at once. */
  reconnectNow(): void;
  stop(): void;
}

export function defaultBackoff(attempt: number): number {
  const base = Math.min(30_000, 1_000 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

/**
 * The one shared SSE connection: fetch + streaming reader (never EventSource, so the token
 * stays in a header), reconnecting with exponential backoff until stopped. A 401 that
 * survived the client's refresh means the session is over, so the loop ends there.
 */
export function connectStream(options: StreamConnectionOptions): StreamConnection {
  const backoff = options.backoff ?? defaultBackoff;
  const idleTimeoutMs = options.idleTimeoutMs ?? STREAM_HEARTBEAT_MS * 3;
  let stopped = false;
  let reconnectRequested = false;
  let controller: AbortController | null = null;
  let wake: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (reconnectRequested || stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  /** 'opened' when the stream was up at some point, 'failed' when it never came up, 'end' to stop. */
  async function connectOnce(): Promise<'opened' | 'failed' | 'end'> {
    const ac = new AbortController();
    controller = ac;
    reconnectRequested = false;
    let opened = false;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => ac.abort(), idleTimeoutMs);
    };
    try {
      touch(); // a server that never answers counts as silent too
      const res = await options.open(ac.signal);
      if (!res.body) throw new Error('The sync stream has no body.');
      touch();
      opened = true;
      options.onStatus('open');
      await readEventStream(res.body, options.onEvent, touch, ac.signal);
      if (ac.signal.aborted) throw new DOMException('The stream was aborted.', 'AbortError');
      if (!stopped) options.onStatus('closed');
      return 'opened';
    } catch (err) {
      if (stopped) return 'end';
      if (reconnectRequested && ac.signal.aborted) {
        options.onStatus('closed');
        return opened ? 'opened' : 'failed';
      }
      options.onStatus('failed', err);
      if (isAuthError(err)) return 'end';
      return opened ? 'opened' : 'failed';
    } finally {
      clearTimeout(idle);
      if (controller === ac) controller = null;
    }
  }

  const finished = (async () => {
    let attempt = 0;
    while (!stopped) {
      const result = await connectOnce();
      if (result === 'end' || stopped) break;
      if (result === 'opened') attempt = 0;
      await sleep(backoff(attempt));
      attempt += 1;
    }
  })();

  return {
    finished,
    reconnectNow() {
      reconnectRequested = true;
      controller?.abort();
      wake?.();
    },
    stop() {
      stopped = true;
      controller?.abort();
      wake?.();
    },
  };
}
