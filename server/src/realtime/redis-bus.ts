import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChangeBatch } from '../db/store';
import { createListeners, isEmptyBatch, type ChangeBus, type Signal } from './bus';

type Wire =
  { t: 'batch'; changes: ChangeBatch['changes']; resync: string[] } | { t: 'signal'; signal: Signal };

/**
 * The bus over one Redis pub/sub channel. Every instance, this one included, hears every batch
 * and signal through Redis, so local and remote streams take one path and one order: messages
 * published by one instance arrive everywhere in the order it published them. Pub/sub delivers
 * at most once; when the subscription drops and comes back, every local stream is told to RESYNC
 * (its client pulls from its checkpoint), so nothing published meanwhile is missed for good.
 */
export async function createRedisBus(pub: Redis, channel: string, log: Logger): Promise<ChangeBus> {
  const listeners = createListeners();
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
    if (wire.t === 'batch') listeners.batch({ changes: wire.changes, resyncUsers: new Set(wire.resync) });
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
      if (!isEmptyBatch(batch)) send({ t: 'batch', changes: batch.changes, resync: [...batch.resyncUsers] });
    },
    subscribe: listeners.onBatch,
    signal: (signal) => send({ t: 'signal', signal }),
    onSignal: listeners.onSignal,
    async close() {
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}
