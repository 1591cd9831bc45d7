import { useEffect, useState, type KeyboardEvent } from 'react';
import { nextActive } from '../features/switcher/switcherMatch';

/**
 * The highlighted option of a combobox whose focus stays in its field (the switcher, search):
 * arrows, Home and End move it, Enter chooses it. The option's element is brought into view by
 * hand, since focus never moves to it. `idOf` names the element of an option by its index.
 */
export function useActiveOption(count: number, idOf: (index: number) => string | null) {
  const [active, setActive] = useState(0);
  const current = Math.min(active, Math.max(count - 1, 0));
  const activeId = count > 0 ? idOf(current) : null;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  function onKeyDown(event: KeyboardEvent<HTMLElement>, choose: (index: number) => void) {
    const next = nextActive(event.key, current, count);
    if (next !== null) {
      event.preventDefault();
      setActive(next);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(current);
    }
  }

  return { current, activeId, setActive, onKeyDown };
}
