import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createKdfGate } from './kdf-gate';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((ok) => (resolve = ok));
  return { promise, resolve };
}

describe('createKdfGate', () => {
  it('runs up to `concurrency`, queues up to `queue` in order, and refuses past that with 503', async () => {
    const gate = createKdfGate({ concurrency: 1, queue: 1 });
    const first = deferred();
    const order: string[] = [];
    const a = gate.run(async () => {
      await first.promise;
      order.push('a');
    });
    const b = gate.run(async () => {
      order.push('b');
    });
    expect(gate.load()).toEqual({ running: 1, waiting: 1 });
    const refused = await gate.run(async () => 'c').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('server_busy');
    expect((refused as AppError).status).toBe(503);
    expect((refused as AppError).retryAfterSeconds).toBeGreaterThan(0);
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('a failing hash frees its slot', async () => {
    const gate = createKdfGate({ concurrency: 1, queue: 0 });
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'ok')).resolves.toBe('ok');
  });
});
