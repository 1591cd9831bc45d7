import { Observable, type Subscription } from 'rxjs';

/** One live value per id; `key` says what its source depends on (a read marker, say). */
export interface KeyedSource {
  id: string;
  key: string;
}

/**
 * The latest value of `make(source)` for every source in the latest list from `sources$`, as a
 * map in the list's order, emitted once every id has a value. A source whose id and key stay
 * is kept subscribed across lists: only a new id, or an id whose key changed, subscribes
 * again. So a read marker moved in one room asks again in that room only, where switching
 * over the whole list re-ran every room's queries. Until a re-subscribed id answers, its
 * previous value stands; the next emission carries the new one.
 */
export function keyedLatest<V>(sources$: Observable<readonly KeyedSource[]>, make: (source: KeyedSource) => Observable<V>): Observable<Map<string, V>> {
  return new Observable<Map<string, V>>((subscriber) => {
    const live = new Map<string, { key: string; subscription: Subscription }>();
    const values = new Map<string, V>();
    let order: readonly KeyedSource[] = [];
    let ready = false;
    const emit = () => {
      if (!ready && !order.every((s) => values.has(s.id))) return;
      ready = true;
      subscriber.next(new Map(order.map((s) => [s.id, values.get(s.id) as V])));
    };
    const listSubscription = sources$.subscribe({
      next(sources) {
        const wanted = new Map(sources.map((s) => [s.id, s.key]));
        for (const [id, entry] of live) {
          if (wanted.get(id) === entry.key) continue;
          entry.subscription.unsubscribe();
          live.delete(id);
          if (!wanted.has(id)) values.delete(id);
        }
        order = sources;
        // A list with a new id waits for that id's first value; one that only dropped or
        // reordered ids is news now.
        ready = ready && sources.every((s) => values.has(s.id));
        let added = false;
        for (const source of sources) {
          if (live.has(source.id)) continue;
          added = true;
          const subscription = make(source).subscribe({
            next(value) {
              values.set(source.id, value);
              emit();
            },
            error: (err: unknown) => subscriber.error(err),
          });
          live.set(source.id, { key: source.key, subscription });
        }
        if (!added) emit();
      },
      error: (err: unknown) => subscriber.error(err),
      complete: () => subscriber.complete(),
    });
    return () => {
      listSubscription.unsubscribe();
      for (const entry of live.values()) entry.subscription.unsubscribe();
      live.clear();
    };
  });
}
