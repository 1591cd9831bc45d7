import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeMessage } from '../testing/fixtures';
import { MessageItem } from './MessageItem';

const base = { mine: false, senderName: null, senderLabel: 'Ann Archer', groupStart: true, showTime: true, dayStart: false, receipt: null } as const;

describe('MessageItem', () => {
  it('renders the text with its id and pending flag', () => {
    render(<MessageItem {...base} message={makeMessage('m1', 'dm:a:b', 'a', '2025-10-26T10:00:00.000Z', { content: 'Hello there' })} />);
    const el = screen.getByTestId('message');
    expect(el.getAttribute('data-message-id')).toBe('m1');
    expect(el.getAttribute('data-pending')).toBe('false');
    expect(el.textContent).toContain('Hello there');
    expect(screen.queryByText('Sending…')).toBeNull();
  });

  it('marks a message the server has not acknowledged', () => {
    render(<MessageItem {...base} mine message={makeMessage('m2', 'dm:a:b', 'a', '2025-10-26T10:00:00.000Z', { server_seq: 0 })} />);
    expect(screen.getByTestId('message').getAttribute('data-pending')).toBe('true');
    expect(screen.getByText('Sending…')).toBeTruthy();
  });

  it('shows deleted messages without their content', () => {
    render(<MessageItem {...base} message={makeMessage('m3', 'dm:a:b', 'a', '2025-10-26T10:00:00.000Z', { deleted: true, content: '' })} />);
    expect(screen.getByText('message deleted')).toBeTruthy();
  });

  it('shows the sender at the head of a group and the read receipt', () => {
    const message = makeMessage('m4', 'job:1', 'b', '2025-10-26T10:00:00.000Z');
    const { rerender } = render(<MessageItem {...base} senderName="Bob Builder" message={message} />);
    expect(screen.getByText('Bob Builder')).toBeTruthy();
    rerender(<MessageItem {...base} senderName="Bob Builder" groupStart={false} mine receipt="seen" message={message} />);
    expect(screen.queryByText('Bob Builder')).toBeNull();
    expect(screen.getByTestId('read-receipt').textContent).toBe('Seen');
  });

  it('tells screen readers who wrote each message and when, even inside a group', () => {
    const message = makeMessage('m6', 'job:1', 'b', '2025-10-26T10:00:00.000Z', { content: 'Keys under the mat' });
    render(<MessageItem {...base} senderName="Bob Builder" senderLabel="Bob Builder" groupStart={false} message={message} />);
    const label = screen.getByTestId('message-label');
    expect(label.className).toBe('cc-visually-hidden');
    expect(label.textContent).toMatch(/^Bob Builder, .*2025.*: $/);
    expect(screen.getByTestId('message').querySelector('time')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('opens a new day with a divider', () => {
    render(<MessageItem {...base} dayStart message={makeMessage('m5', 'dm:a:b', 'a', new Date().toISOString())} />);
    expect(screen.getByRole('separator').textContent).toBe('Today');
  });

  it('makes web addresses links that open outside the app, and leaves other text alone', () => {
    const content = 'See https://example.com/a?b=1 and www.cleaning.co.uk:8080/x, not file:///etc/passwd, javascript:alert(1) or ann@mail.com';
    render(<MessageItem {...base} message={makeMessage('m9', 'dm:a:b', 'a', '2025-10-26T10:00:00.000Z', { content })} />);
    const links = screen.getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1', 'https://www.cleaning.co.uk:8080/x']);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
    expect(screen.getByTestId('message').textContent).toContain(content);
  });

  it('shows the clock only when asked, keeping the time in a tooltip', () => {
    render(<MessageItem {...base} showTime={false} message={makeMessage('m8', 'dm:a:b', 'a', '2025-10-26T10:00:00.000Z')} />);
    expect(screen.queryByTestId('message-time')).toBeNull();
    expect(screen.getByTestId('message').querySelector('.cc-msg__bubble')?.getAttribute('title')).toBeTruthy();
  });
});
