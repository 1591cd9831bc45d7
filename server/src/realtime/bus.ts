import type { ChangeBatch } from '../db/store';
import type { TypingEvent } from '../shared';

/** What travels between instances besides committed changes; nothing of it is stored. */
export type Signal =
  | { kind: 'typing'; userIds: string[]; data: TypingEvent }
  | { kind: 'presence'; userId: string; online: boolean }
  /** A session ended (logout, reused refresh token): every instance closes its streams. */
  | { kind: 'end_session'; sessionId: string }
  /** Raised locally when the bus may have dropped messages (Redis reconnected): every stream resyncs. */
  | { kind: 'resync_all' };

/**
 * Fan-out of committed changes and of signals to every instance's streams, this one included.
 * In-process by default (createLocalBus); with REDIS_URL a Redis pub/sub channel carries the same
 * batches and signals between instances (redis-bus.ts).
 */
export interface ChangeBus {
  publish(batch: ChangeBatch): void;
  subscribe(listener: (batch: ChangeBatch) => void): () => void;
  signal(signal: Signal): void;
  onSignal(listener: (signal: Signal) => void): () => void;
  close(): Promise<void>;
}

/** Listener sets shared by both buses: what arrives, from wherever, is handed out here. */
export function createListeners() {
  const batches = new Set<(batch: ChangeBatch) => void>();
  const signals = new Set<(signal: Signal) => void>();
  return {
    batch(batch: ChangeBatch) {
      for (const listener of batches) listener(batch);
    },
    signal(signal: Signal) {
      for (const listener of signals) listener(signal);
    },
    onBatch(listener: (batch: ChangeBatch) => void) {
      batches.add(listener);
      return () => void batches.delete(listener);
    },
    onSignal(listener: (signal: Signal) => void) {
      signals.add(listener);
      return () => void signals.delete(listener);
    },
  };
}

export const isEmptyBatch = (batch: ChangeBatch) =>
  batch.changes.length === 0 && batch.resyncUsers.size === 0;

export function createLocalBus(): ChangeBus {
  const listeners = createListeners();
  return {
    publish(batch) {
      if (!isEmptyBatch(batch)) listeners.batch(batch);
    },
    subscribe: listeners.onBatch,
    signal: listeners.signal,
    onSignal: listeners.onSignal,
    close: async () => {},
  };
}
