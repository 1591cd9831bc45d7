import { useSyncExternalStore } from 'react';
import { formatDateTime, formatRelative } from './format';

/**
 * One shared clock for every relative time on screen: a single interval ticks while anything
 * is subscribed, so a long conversation list does not run one timer per row.
 */
const TICK_MS = 30_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function getSnapshot(): number {
  return now;
}

/** The current time in ms, refreshed every 30 seconds. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot);
}

interface Props {
  iso: string | null | undefined;
  className?: string;
}

/** "5m", "Yesterday", ...; the full date in the tooltip and the machine-readable attribute. */
export function RelativeTime({ iso, className }: Props) {
  const now = useNow();
  if (!iso) return null;
  return (
    <time className={className} dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
