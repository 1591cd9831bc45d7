import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeMessage } from '../testing/fixtures';
import { MessageItem } from '../room/MessageItem';
import { newGroupProblem } from './NewGroupDialog';

const base = { mine: true, senderName: null, senderLabel: 'You', groupStart: true, showTime: true, dayStart: false, receipt: null } as const;

describe('system notices', () => {
  it('render as a centred notice, not a bubble, with no receipt', () => {
    const notice = makeMessage('s1', 'group:1', 'a', '2025-10-26T10:00:00.000Z', { kind: 'system', content: 'Alice added Dave' });
    render(<MessageItem {...base} message={notice} receipt="seen" seenBy={['Bob']} />);
    expect(screen.getByTestId('system-message').textContent).toBe('Alice added Dave');
    expect(screen.queryByTestId('message')).toBeNull();
    expect(screen.queryByTestId('read-receipt')).toBeNull();
  });
});

describe('Seen by N', () => {
  it('counts the readers and names them in a tooltip the count is described by (focus and hover)', () => {
    const message = makeMessage('m1', 'group:1', 'a', '2025-10-26T10:00:00.000Z');
    render(<MessageItem {...base} message={message} receipt="seen" seenBy={['Bob Okafor', 'Carol Nguyen']} />);
    const count = screen.getByTestId('seen-by');
    expect(count.textContent).toBe('Seen by 2');
    expect(count.tabIndex).toBe(0);
    const list = document.getElementById(count.getAttribute('aria-describedby') ?? '');
    expect(list?.getAttribute('role')).toBe('tooltip');
    expect(list?.textContent).toBe('Bob Okafor, Carol Nguyen');
  });

  it('a DM keeps the plain "Seen"', () => {
    const message = makeMessage('m1', 'dm:a:b', 'a', '2025-10-26T10:00:00.000Z');
    render(<MessageItem {...base} message={message} receipt="seen" seenBy={null} />);
    expect(screen.getByTestId('read-receipt').textContent).toBe('Seen');
  });
});

describe('New group', () => {
  it('needs a readable name and at least two other people', () => {
    expect(newGroupProblem('', 3)).toBe('Give the group a name.');
    expect(newGroupProblem('Crew', 1)).toBe('Choose at least 2 people.');
    expect(newGroupProblem('\u202eCrew', 2)).toMatch(/^The name /);
    expect(newGroupProblem('Crew', 2)).toBeNull();
  });
});
