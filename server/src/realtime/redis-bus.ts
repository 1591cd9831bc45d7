import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChangeBatch } from '../db/store';
import { createListeners, isEmptyBatch, type ChangeBus, type Signal } from './bus';

type Wire =
  /** `from`: the publishing bus, which delivered the batch to its own streams already. */
  { t: 'batch'; from: string; changes: ChangeBatch['changes']; resync: string[]; range?: ChangeBatch['range'] } | { t: 'signal'; signal: Signal };

/**
 * The bus over one Redis pub/sub channel. A committed batch goes to this instance's own streams
 * at once and to the others through Redis (this instance skips its own echo), so a local stream
 * never waits for the Redis round trip; signals travel through Redis to everyone, this instance
 * included. Batches may reach a hub in any order: the hub delivers each stream the feed from its
 * own position on (docs/server.md, "The checkpoint hazard"). Pub/sub delivers at most once; when
 * the subscription drops and comes back, every local stream is told to RESYNC (its client pulls
 * from its checkpoint), so nothing published meanwhile is missed for good.
 */
export async function createRedisBus(pub: Redis, channel: string, log: Logger): Promise<ChangeBus> {
  const listeners = createListeners();
  const self = randomUUID();
  const sub = pub.duplicate();
  let subscribedOnce = false;
  sub.on('ready', () => {
    if (subscribedOnce) listeners.signal({ kind: 'resync_all' });
    subscribedOnce = true;
  });
  sub.on('error', (err: Error) => log.warn({ err: err.message }, 'redis subscriber'));
  sub.on('message', (_channel: string, text: string) => {
    let wire: Wire;
    try {
      wire = JSON.parse(text) as Wire;
    } catch {
      log.warn('redis bus: unreadable message');
      return;
    }
    if (wire.t === 'batch') {
      if (wire.from !== self) listeners.batch({ changes: wire.changes, resyncUsers: new Set(wire.resync), range: wire.range });
    }
    else listeners.signal(wire.signal);
  });
  await sub.subscribe(channel);

  const send = (wire: Wire) => {
    pub
      .publish(channel, JSON.stringify(wire))
      .catch((err: unknown) => log.error({ err }, 'redis bus publish failed'));
  };
  return {
    publish(batch) {
      if (isEmptyBatch(batch)) return;
      listeners.batch(batch);
      send({ t: 'batch', from: self, changes: batch.changes, resync: [...batch.resyncUsers], range: batch.range });
    },
    subscribe: listeners.onBatch,
    signal: (signal) => send({ t: 'signal', signal }),
    onSignal: listeners.onSignal,
    async close() {
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}
