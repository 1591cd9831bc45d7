import { describe, expect, it } from 'vitest';
import { makeMessage } from '../testing/fixtures';
import { showsTime } from './messageLogic';

const R = 'dm:alice:bob';

describe('showsTime (one time per run of messages)', () => {
  const a1 = makeMessage('a1', R, 'alice', '2025-10-26T10:00:00.000Z');
  const a2 = makeMessage('a2', R, 'alice', '2025-10-26T10:02:00.000Z');
  const a3 = makeMessage('a3', R, 'alice', '2025-10-26T10:09:00.000Z');
  const b1 = makeMessage('b1', R, 'bob', '2025-10-26T10:09:30.000Z');

  it('shows the clock on the last message of a run from one sender within five minutes', () => {
    expect(showsTime(a1, a2)).toBe(false);
    expect(showsTime(a2, a3)).toBe(true);
    expect(showsTime(a3, b1)).toBe(true);
    expect(showsTime(b1, undefined)).toBe(true);
  });
});
