import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Avatar } from './Avatar';
import { avatarColourIndex } from './avatarPalette';
import { Dialog } from './Dialog';
import { EmptyState } from './EmptyState';
import { RelativeTime } from './RelativeTime';
import { UnreadBadge } from './UnreadBadge';

afterEach(cleanup);

describe('Avatar', () => {
  it('shows initials when there is no picture', () => {
    render(<Avatar name="Alice Smith" />);
    expect(screen.getByTestId('avatar').textContent).toBe('AS');
    expect(screen.getByTestId('avatar').querySelector('img')).toBeNull();
  });

  it('shows the picture and falls back to initials when it fails to load', () => {
    render(<Avatar name="Bob Jones" url="https://example.test/bob.png" />);
    const img = screen.getByTestId('avatar').querySelector('img');
    expect(img?.getAttribute('src')).toBe('https://example.test/bob.png');
    fireEvent.error(img as HTMLImageElement);
    expect(screen.getByTestId('avatar').querySelector('img')).toBeNull();
    expect(screen.getByTestId('avatar').textContent).toBe('BJ');
  });

  it('draws a presence dot only when presence is known', () => {
    const { rerender } = render(<Avatar name="Bob" />);
    expect(screen.getByTestId('avatar').querySelector('.cc-avatar__dot')).toBeNull();
    rerender(<Avatar name="Bob" online />);
    expect(screen.getByTestId('avatar').querySelector('.cc-avatar__dot--online')).not.toBeNull();
  });

  it('gives a name a stable colour', () => {
    expect(avatarColourIndex('Alice')).toBe(avatarColourIndex('Alice'));
    expect(avatarColourIndex('Alice')).not.toBe(avatarColourIndex('Bob'));
  });
});

describe('UnreadBadge', () => {
  it('renders nothing at zero', () => {
    render(<UnreadBadge count={0} testId="badge" />);
    expect(screen.queryByTestId('badge')).toBeNull();
  });

  it('shows the count, and says "unread" to screen readers', () => {
    const { container } = render(<UnreadBadge count={7} testId="badge" />);
    expect(screen.getByTestId('badge').textContent).toBe('7');
    expect(container.textContent).toBe('7 unread');
  });
});

describe('RelativeTime', () => {
  it('renders a time element with the ISO timestamp', () => {
    const iso = new Date(Date.now() - 5_000).toISOString();
    render(<RelativeTime iso={iso} />);
    const el = screen.getByText('now');
    expect(el.tagName).toBe('TIME');
    expect(el.getAttribute('datetime')).toBe(iso);
  });

  it('renders nothing without a time', () => {
    const { container } = render(<RelativeTime iso={null} />);
    expect(container.innerHTML).toBe('');
  });
});

describe('EmptyState', () => {
  it('renders the title as a heading of the requested level', () => {
    render(<EmptyState title="Conversation not found" level={1} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Conversation not found' })).toBeTruthy();
  });
});

describe('Dialog', () => {
  it('takes focus, closes on Escape, traps Tab and gives focus back', () => {
    const opener = document.createElement('button');
    document.body.appendChild(opener);
    opener.focus();
    const onClose = vi.fn();
    const { unmount } = render(
      <Dialog label="Pick" onClose={onClose}>
        <input aria-label="Field" data-autofocus />
      </Dialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Pick' });
    const field = screen.getByLabelText('Field');
    expect(document.activeElement).toBe(field);

    fireEvent.keyDown(field, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);

    unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});
