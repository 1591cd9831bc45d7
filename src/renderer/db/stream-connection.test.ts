import { describe, expect, it } from 'vitest';
import { ApiError, offlineError } from '../api/errors';
import { eventually } from '../test/fakes';
import type { StreamEvent } from './stream';
import { connectStream, type StreamStatus } from './stream-connection';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

/** An SSE response whose body the test writes to and closes. */
function controllableResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return {
    response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    send: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
    close: () => controller.close(),
  };
}

describe('connectStream', SLOW, () => {
  it('reports open, delivers events and reconnects after failures', async () => {
    const first = controllableResponse();
    const second = controllableResponse();
    const opens = [
      () => Promise.reject(offlineError()),
      () => Promise.resolve(first.response),
      () => Promise.resolve(second.response),
    ];
    const statuses: StreamStatus[] = [];
    const events: StreamEvent[] = [];
    const connection = connectStream({
      open: () => (opens.shift() ?? (() => new Promise<Response>(() => undefined)))(),
      onEvent: (event) => events.push(event),
      onStatus: (status) => statuses.push(status),
      backoff: () => 0,
    });
    await eventually(() => expect(statuses).toEqual(['failed', 'open']));
    first.send('data: RESYNC\n\n');
    await eventually(() => expect(events).toEqual([{ type: 'resync' }]));
    first.close();
    await eventually(() => expect(statuses).toEqual(['failed', 'open', 'closed', 'open']));
    connection.stop();
    await connection.finished;
  });

  it('stops for good when the server refuses the session', async () => {
    let opens = 0;
    const statuses: StreamStatus[] = [];
    const connection = connectStream({
      open: () => {
        opens += 1;
        return Promise.reject(new ApiError(401, 'invalid_token', 'no'));
      },
      onEvent: () => undefined,
      onStatus: (status) => statuses.push(status),
      backoff: () => 0,
    });
    await connection.finished;
    expect(statuses).toEqual(['failed']);
    expect(opens).toBe(1);
  });

  it('reconnectNow skips the backoff wait', async () => {
    const statuses: StreamStatus[] = [];
    let opens = 0;
    const connection = connectStream({
      open: () => {
        opens += 1;
        return opens === 1
          ? Promise.reject(offlineError())
          : Promise.resolve(controllableResponse().response);
      },
      onEvent: () => undefined,
      onStatus: (status) => statuses.push(status),
      backoff: () => 3_600_000,
    });
    await eventually(() => expect(statuses).toEqual(['failed']));
    connection.reconnectNow();
    await eventually(() => expect(statuses).toEqual(['failed', 'open']));
    connection.stop();
  });

  it('drops a connection that went silent and connects again', async () => {
    const statuses: StreamStatus[] = [];
    let opens = 0;
    const connection = connectStream({
      open: () => {
        opens += 1;
        return Promise.resolve(controllableResponse().response);
      },
      onEvent: () => undefined,
      onStatus: (status) => statuses.push(status),
      backoff: () => 0,
      idleTimeoutMs: 30,
    });
    await eventually(() => expect(statuses.slice(0, 3)).toEqual(['open', 'failed', 'open']));
    expect(opens).toBeGreaterThanOrEqual(2);
    connection.stop();
    await connection.finished;
  });
});
