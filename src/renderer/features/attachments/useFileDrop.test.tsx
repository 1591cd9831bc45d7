import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useFileDrop } from './useFileDrop';

function Zone({ onFiles }: { onFiles(files: File[]): void }) {
  const drop = useFileDrop(onFiles);
  return (
    <section data-testid="zone" data-dragging={drop.dragging} {...drop.handlers}>
      <p data-testid="child">history</p>
    </section>
  );
}

describe('useFileDrop', () => {
  it('highlights while files are over the room, through its children, and hands over what is dropped', () => {
    const onFiles = vi.fn();
    render(<Zone onFiles={onFiles} />);
    const zone = screen.getByTestId('zone');
    const file = new File(['x'], 'before.jpg', { type: 'image/jpeg' });
    const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none' };
    fireEvent.dragEnter(zone, { dataTransfer });
    fireEvent.dragEnter(screen.getByTestId('child'), { dataTransfer });
    fireEvent.dragLeave(zone, { dataTransfer });
    expect(zone.getAttribute('data-dragging')).toBe('true');
    fireEvent.drop(screen.getByTestId('child'), { dataTransfer });
    expect(zone.getAttribute('data-dragging')).toBe('false');
    expect(onFiles).toHaveBeenCalledWith([file]);
  });

  it('ignores dragged text', () => {
    const onFiles = vi.fn();
    render(<Zone onFiles={onFiles} />);
    const zone = screen.getByTestId('zone');
    fireEvent.dragEnter(zone, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(zone.getAttribute('data-dragging')).toBe('false');
    fireEvent.drop(zone, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(onFiles).not.toHaveBeenCalled();
  });
});
