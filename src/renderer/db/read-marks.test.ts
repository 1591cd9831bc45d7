import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReadMarks, READ_MARK_SPACING_MS, type MarkWriter } from './read-marks';

const t = (s: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, s)).toISOString();

describe('read markers, spaced per room', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function recorder() {
    const writes: Array<{ room: string; shown: string | null; readAt: string }> = [];
    const writer = (room: string): MarkWriter => async (shown, readAt) => void writes.push({ room, shown, readAt });
    return { writes, writer };
  }

  it('writes the first at once, then one for a burst: the newest shown, the latest moment', async () => {
    const marks = createReadMarks();
    const { writes, writer } = recorder();
    const done = [1, 2, 3, 4, 5].map((i) => marks.mark('r', t(i), t(10 + i), writer('r')));
    await done[0];
    expect(writes).toEqual([{ room: 'r', shown: t(1), readAt: t(11) }]);
    await vi.advanceTimersByTimeAsync(READ_MARK_SPACING_MS);
    await Promise.all(done);
    expect(writes).toEqual([
      { room: 'r', shown: t(1), readAt: t(11) },
      { room: 'r', shown: t(5), readAt: t(15) },
    ]);
  });

  it('writes at once again after a quiet spell, and spaces each room on its own', async () => {
    const marks = createReadMarks();
    const { writes, writer } = recorder();
    await marks.mark('a', t(1), t(1), writer('a'));
    await marks.mark('b', t(1), t(1), writer('b'));
    expect(writes.map((w) => w.room)).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(READ_MARK_SPACING_MS);
    await marks.mark('a', t(2), t(2), writer('a'));
    expect(writes.map((w) => w.room)).toEqual(['a', 'b', 'a']);
  });

  it('keeps the later shown time when an older one comes after it', async () => {
    const marks = createReadMarks();
    const { writes, writer } = recorder();
    await marks.mark('r', t(1), t(1), writer('r'));
    const later = [marks.mark('r', t(9), t(2), writer('r')), marks.mark('r', t(3), t(3), writer('r'))];
    await vi.advanceTimersByTimeAsync(READ_MARK_SPACING_MS);
    await Promise.all(later);
    expect(writes.at(-1)).toEqual({ room: 'r', shown: t(9), readAt: t(3) });
  });

  it('flush writes what waits at once; cancel drops it and still settles its callers', async () => {
    const marks = createReadMarks();
    const { writes, writer } = recorder();
    await marks.mark('r', t(1), t(1), writer('r'));
    const waiting = marks.mark('r', t(2), t(2), writer('r'));
    marks.flush();
    await waiting;
    expect(writes).toHaveLength(2);
    const dropped = marks.mark('r', t(3), t(3), writer('r'));
    marks.cancel();
    await dropped;
    await vi.advanceTimersByTimeAsync(READ_MARK_SPACING_MS * 2);
    expect(writes).toHaveLength(2);
  });

  it("passes a waiting write's failure to every call it covered", async () => {
    const marks = createReadMarks();
    await marks.mark('r', t(1), t(1), async () => undefined);
    const failing: MarkWriter = () => Promise.reject(new Error('disk full'));
    const both = [marks.mark('r', t(2), t(2), failing), marks.mark('r', t(3), t(3), failing)];
    both.forEach((p) => p.catch(() => undefined));
    await vi.advanceTimersByTimeAsync(READ_MARK_SPACING_MS);
    for (const p of both) await expect(p).rejects.toThrow('disk full');
  });
});
