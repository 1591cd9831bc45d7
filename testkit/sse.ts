import { createParser } from 'eventsource-parser';
import type { CollectionName, StreamChangeEvent, WireDoc } from '../src/shared';

export interface SseEvent {
  /** undefined for default (`message`) events. */
  event?: string;
  data: string;
}

interface Waiter {
  match(e: SseEvent): boolean;
  resolve(e: SseEvent): void;
}

/**
 * The test kit's SSE client over fetch and a streaming reader (as the app does it, so the token stays out
 * of the URL). Events are kept in arrival order; `next` takes the first not-yet-taken event that
 * matches, waiting for one to arrive if needed.
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  private readonly taken = new Set<SseEvent>();
  private waiters: Waiter[] = [];
  private commentWaiters: Array<() => void> = [];
  private endWaiters: Array<() => void> = [];
  ended = false;

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly abort: AbortController,
    private readonly listener?: (e: SseEvent) => void,
  ) {}

  /**
   * Resolves as soon as the response headers arrive (before any event). With `listener`, each
   * event goes to it on arrival instead of being kept (benchmarks read long streams this way).
   */
  static async open(url: string, headers: Record<string, string> = {}, listener?: (e: SseEvent) => void): Promise<SseReader> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const reader = new SseReader(res.status, res.headers, abort, listener);
    if (res.body && res.status === 200) void reader.consume(res.body);
    else {
      await res.body?.cancel();
      reader.finish();
    }
    return reader;
  }

  private async consume(body: ReadableStream<Uint8Array>): Promise<void> {
    const parser = createParser({
      onEvent: (e) => this.push({ event: e.event, data: e.data }),
      onComment: (c) => {
        this.comments.push(c);
        for (const w of this.commentWaiters.splice(0)) w();
      },
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) parser.feed(decoder.decode(chunk, { stream: true }));
    } catch {
      // aborted by close() or the server went away: both end the stream
    }
    this.finish();
  }

  private finish(): void {
    this.ended = true;
    for (const w of this.endWaiters.splice(0)) w();
  }

  private push(e: SseEvent): void {
    if (this.listener) return this.listener(e);
    this.events.push(e);
    const i = this.waiters.findIndex((w) => w.match(e));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      this.taken.add(e);
      w?.resolve(e);
    }
  }

  /** The first untaken event matching `predicate`, now or when it arrives. */
  next(predicate: (e: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
    const found = this.events.find((e) => !this.taken.has(e) && predicate(e));
    if (found) {
      this.taken.add(found);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match: predicate,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching SSE event within ${timeoutMs} ms; got ${JSON.stringify(this.events)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The next document-change event of `collection` carrying a document that matches. */
  async nextChange<C extends CollectionName>(
    collection: C,
    doc: (d: WireDoc<C>) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<StreamChangeEvent<C>> {
    const e = await this.next((ev) => {
      const change = parseChange(ev);
      return change?.collection === collection && (change.documents as unknown as WireDoc<C>[]).some(doc);
    }, timeoutMs);
    return parseChange(e) as StreamChangeEvent<C>;
  }

  /** Document-change events received so far. */
  changes(): StreamChangeEvent[] {
    return this.events.map(parseChange).filter((c): c is StreamChangeEvent => c !== null);
  }

  /** Resolves when a comment line (heartbeat) arrives. */
  nextComment(timeoutMs = 10_000): Promise<string> {
    const before = this.comments.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no SSE comment')), timeoutMs);
      const check = () => {
        clearTimeout(timer);
        resolve(this.comments[before] as string);
      };
      this.commentWaiters.push(check);
    });
  }

  /** Resolves when the server ends the stream. */
  whenEnded(timeoutMs = 10_000): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('stream did not end')), timeoutMs);
      this.endWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.abort.abort();
  }
}

export function parseChange(e: SseEvent): StreamChangeEvent | null {
  if (e.event !== undefined && e.event !== 'message') return null;
  if (!e.data.startsWith('{')) return null;
  const data = JSON.parse(e.data) as StreamChangeEvent;
  return Array.isArray(data.documents) ? data : null;
}

export const isEvent = (name: string) => (e: SseEvent) => e.event === name;
export const dataOf = <T>(e: SseEvent) => JSON.parse(e.data) as T;
