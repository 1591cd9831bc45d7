import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageDoc } from '../../../shared/schemas';
import { makeMessage, makeUser } from '../testing/fixtures';
import { ArrivalAnnouncer, freshArrivals } from './ArrivalAnnouncer';

vi.mock('../../db', () => ({
  useUsers: (ids: string[]) => Object.fromEntries(ids.map((id) => [id, makeUser(id, id === 'bob' ? 'Bob' : 'Carol', 'X')])),
}));

const DM = 'dm:alice:bob';
const at = (minute: number) => `2025-10-26T10:${String(minute).padStart(2, '0')}:00.000Z`;
const m = (id: string, sender: string, minute: number, extra: Partial<MessageDoc> = {}) =>
  makeMessage(id, DM, sender, at(minute), { content: `text ${id}`, ...extra });

describe('freshArrivals', () => {
  const known = new Set(['m3', 'm4']);
  it('is what others sent after the known messages, not an older page prepended before them', () => {
    const messages = [m('m1', 'bob', 1), m('m2', 'bob', 2), m('m3', 'bob', 3), m('m4', 'alice', 4), m('m5', 'bob', 5)];
    expect(freshArrivals(messages, known, 'alice').map((x) => x.id)).toEqual(['m5']);
  });
  it('finds arrivals ordered before my pending message, and skips mine and deleted ones', () => {
    const pending = m('p1', 'alice', 9, { server_seq: 0 });
    const messages = [m('m3', 'bob', 3), m('m4', 'alice', 4), m('m5', 'bob', 5), m('m6', 'bob', 6, { deleted: true }), pending];
    expect(freshArrivals(messages, known, 'alice').map((x) => x.id)).toEqual(['m5']);
  });
});

describe('ArrivalAnnouncer', () => {
  it('stays quiet for the history it opens with, then reads out arrivals', () => {
    const history = [m('m1', 'bob', 1)];
    const { rerender } = render(<ArrivalAnnouncer messages={[]} loading me="alice" />);
    rerender(<ArrivalAnnouncer messages={history} loading={false} me="alice" />);
    const live = screen.getByTestId('arrival-announcer');
    expect(live.textContent).toBe('');
    const two = [...history, m('m2', 'bob', 2), m('m3', 'carol', 3, { content: 'Second' })];
    rerender(<ArrivalAnnouncer messages={two} loading={false} me="alice" />);
    expect(live.textContent).toBe('2 new messages. Latest from Carol X: Second');
    rerender(<ArrivalAnnouncer messages={[m('m0', 'bob', 0), ...two]} loading={false} me="alice" />);
    expect(live.textContent).toBe('2 new messages. Latest from Carol X: Second');
  });

  it('announces the first message of a room that was empty when opened', () => {
    const { rerender } = render(<ArrivalAnnouncer messages={[]} loading={false} me="alice" />);
    rerender(<ArrivalAnnouncer messages={[m('m1', 'bob', 1, { content: 'Hi' })]} loading={false} me="alice" />);
    expect(screen.getByTestId('arrival-announcer').textContent).toBe('New message from Bob X: Hi');
  });

  it('forgets an announced message once it is deleted, so its text leaves the page', () => {
    const first = [m('m1', 'bob', 1)];
    const { rerender } = render(<ArrivalAnnouncer messages={first} loading={false} me="alice" />);
    const arrived = [...first, m('m2', 'bob', 2, { content: 'Door code 4321' })];
    rerender(<ArrivalAnnouncer messages={arrived} loading={false} me="alice" />);
    expect(screen.getByTestId('arrival-announcer').textContent).toContain('4321');
    rerender(<ArrivalAnnouncer messages={[first[0]!, m('m2', 'bob', 2, { content: '', deleted: true })]} loading={false} me="alice" />);
    expect(screen.getByTestId('arrival-announcer').textContent).toBe('');
  });
});
