import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

interface Snapshot<T> {
  key: unknown;
  value: T;
}

/**
 * The latest value of an observable (usually an RxDB query's `$`). Returns `initial` until the
 * first emission. With `key`, a new source for the same key keeps showing the previous value
 * until it emits (e.g. a message window growing by a page must not flash empty).
 * Callers memoize `source` so it changes only when its inputs do.
 */
export function useObservableValue<T, I>(
  source: Observable<T> | null,
  initial: I,
  key: unknown = source,
): T | I {
  const [snapshot, setSnapshot] = useState<Snapshot<T> | null>(null);
  useEffect(() => {
    if (!source) return undefined;
    const subscription = source.subscribe({
      next: (value) => setSnapshot({ key, value }),
      error: (err: unknown) => {
        // A query on a closed database (sign-out) ends here; keep the last value.
        const code = (err as { code?: string } | null)?.code ?? 'unknown';
        console.error(`Live query failed (${code})`);
      },
    });
    return () => subscription.unsubscribe();
  }, [source, key]);
  if (!source || snapshot === null || snapshot.key !== key) return initial;
  return snapshot.value;
}
