import { useState } from 'react';

/**
 * The previous array while the new one holds equal items (plain documents, compared as JSON), so
 * a memoised child that receives it skips the render. A live query hands out new objects on
 * every emission, also when the documents a child shows did not change.
 */
export function useSameItems<T>(items: readonly T[]): readonly T[] {
  const [kept, setKept] = useState(items);
  const same = kept === items || (kept.length === items.length && kept.every((item, i) => JSON.stringify(item) === JSON.stringify(items[i])));
  if (!same) setKept(items);
  return same ? kept : items;
}
