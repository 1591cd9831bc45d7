import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { NewMessagesButton } from './NewMessagesButton';

describe('NewMessagesButton', () => {
  it('appears with the count inside a live region that is always there, and jumps on click', () => {
    const onJump = vi.fn();
    const { container, rerender } = render(<NewMessagesButton count={0} onJump={onJump} />);
    expect(container.querySelector('[aria-live="polite"]')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<NewMessagesButton count={1} onJump={onJump} />);
    expect(screen.getByRole('button').textContent).toBe('1 new message ↓, jump to the latest');
    rerender(<NewMessagesButton count={3} onJump={onJump} />);
    fireEvent.click(screen.getByRole('button', { name: /3 new messages/ }));
    expect(onJump).toHaveBeenCalledOnce();
  });
});
