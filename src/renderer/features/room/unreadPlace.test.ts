import { describe, expect, it } from 'vitest';
import { makeMessage } from '../testing/fixtures';
import { arrivalsAfter, messagesSeen, openPlan } from './unreadPlace';

const R = 'dm:alice:bob';
const at = (minute: number) => `2025-10-26T10:${String(minute).padStart(2, '0')}:00.000Z`;
const history = [
  makeMessage('m1', R, 'bob', at(1)),
  makeMessage('m2', R, 'alice', at(2)),
  makeMessage('m3', R, 'bob', at(3)),
  makeMessage('m4', R, 'bob', at(4), { deleted: true }),
  makeMessage('m5', R, 'bob', at(5)),
];

describe('openPlan (where a room opens)', () => {
  it('puts the divider above the first message from others received after my read marker', () => {
    expect(openPlan(history, 'alice', at(2), false)).toEqual({ kind: 'divider', messageId: 'm3' });
    // My own messages and deleted ones are never where unread starts.
    expect(openPlan(history, 'alice', at(3), false)).toEqual({ kind: 'divider', messageId: 'm5' });
  });

  it('opens at the end when nothing is unread', () => {
    expect(openPlan(history, 'alice', at(5), false)).toEqual({ kind: 'end' });
    expect(openPlan([], 'alice', null, false)).toEqual({ kind: 'end' });
  });

  it('asks for an older page while the oldest loaded message is already unread', () => {
    expect(openPlan(history, 'alice', null, true)).toEqual({ kind: 'load-older' });
    expect(openPlan(history, 'alice', at(0), true)).toEqual({ kind: 'load-older' });
    // With no older page, the oldest message is where unread starts.
    expect(openPlan(history, 'alice', null, false)).toEqual({ kind: 'divider', messageId: 'm1' });
    // A read message on the first page proves the first unread is loaded.
    expect(openPlan(history, 'alice', at(1), true)).toEqual({ kind: 'divider', messageId: 'm3' });
  });
});

describe('arrivals while scrolled up', () => {
  it('counts others’ messages after the newest one seen, not mine or deleted ones', () => {
    expect(arrivalsAfter(history, 'alice', at(1))).toBe(2);
    expect(arrivalsAfter(history, 'alice', at(5))).toBe(0);
    expect(arrivalsAfter(history, 'alice', null)).toBe(0);
  });

  it('holds arrivals back from the read marker until the reader is at the bottom', () => {
    const pending = makeMessage('p1', R, 'alice', at(6), { server_seq: 0, received_at: null });
    const all = [...history, pending];
    expect(messagesSeen(all, false, at(3)).map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'p1']);
    expect(messagesSeen(all, true, at(3))).toBe(all);
  });
});
