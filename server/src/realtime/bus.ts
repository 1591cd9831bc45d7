import type { ChangeBatch } from '../db/store';

/**
 * Fan-out of committed changes. In-process here; with several server instances it becomes a
 * pub/sub adapter (e.g. PostgreSQL LISTEN/NOTIFY) carrying the same batches.
 */
export interface ChangeBus {
  publish(batch: ChangeBatch): void;
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
}

export function createLocalBus(): ChangeBus {
  const listeners = new Set<(batch: ChangeBatch) => void>();
  return {
    publish(batch) {
      if (batch.changes.length === 0 && batch.resyncUsers.size === 0) return;
      for (const listener of listeners) listener(batch);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
