import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PendingUpload } from '../../uploads/media';
import { PendingUploads, uploadStatusText } from './PendingUploads';

const items = vi.hoisted(() => ({ current: [] as PendingUpload[] }));
vi.mock('../../uploads/media', () => ({ usePendingUploads: () => items.current }));
const attach = vi.hoisted(() => ({
  cancelUpload: vi.fn(async () => undefined),
  retryUpload: vi.fn(async () => undefined),
}));
vi.mock('../../uploads/attach', () => attach);

function pending(
  id: string,
  over: Partial<PendingUpload> = {},
  kind: 'image' | 'file' = 'image',
): PendingUpload {
  return {
    entry: {
      id,
      room_id: 'r1',
      kind,
      content: '',
      created_at: '2026-01-01T10:00:00.000Z',
      name: kind === 'image' ? 'p.jpg' : 'invoice.pdf',
      mime: kind === 'image' ? 'image/jpeg' : 'application/pdf',
      size: 1000,
      width: null,
      height: null,
      duration_ms: null,
      thumbnail: null,
      uploaded: null,
    },
    progress: null,
    failure: null,
    ...over,
  };
}

describe('PendingUploads', () => {
  it('shows "Sending…" with a labelled progress bar and cancels by id', () => {
    items.current = [pending('e1', { progress: { loaded: 450, total: 1000 } })];
    render(<PendingUploads roomId="r1" />);
    expect(screen.getByTestId('pending-upload').textContent).toContain('Sending…');
    const bar = screen.getByRole('progressbar', { name: 'Uploading Photo' }) as HTMLProgressElement;
    expect(bar.value).toBe(45);
    expect(screen.getByRole('status').textContent).toBe('Sending Photo, 40%');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel sending Photo' }));
    expect(attach.cancelUpload).toHaveBeenCalledWith('e1');
  });

  it('shows a refusal with Retry and Remove, and says it in the live region', () => {
    items.current = [pending('e2', { failure: 'This type of file cannot be sent.' }, 'file')];
    render(<PendingUploads roomId="r1" />);
    expect(screen.getByRole('status').textContent).toBe(
      'invoice.pdf could not be sent: This type of file cannot be sent.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(attach.retryUpload).toHaveBeenCalledWith('e2');
    fireEvent.click(screen.getByRole('button', { name: 'Remove invoice.pdf' }));
    expect(attach.cancelUpload).toHaveBeenCalledWith('e2');
  });

  it('announces several uploads together, in whole tens, and nothing when there are none', () => {
    expect(uploadStatusText([])).toBe('');
    expect(uploadStatusText([pending('a'), pending('b')])).toBe('Sending 2 attachments…');
    expect(uploadStatusText([pending('a', { progress: { loaded: 999, total: 1000 } })])).toBe(
      'Sending Photo, 90%',
    );
  });

  it('shows the photos of an album as one group, each with its own progress and Cancel', () => {
    const album = (id: string, over: Partial<PendingUpload> = {}) => {
      const item = pending(id, over);
      return { ...item, entry: { ...item.entry, album_id: 'A' } };
    };
    const uploaded = { id: 'att', name: 'p.jpg', mime: 'image/jpeg', size: 9, width: 1, height: 1, duration_ms: null, thumbnail: null };
    items.current = [
      album('a1', { entry: { ...pending('a1').entry, uploaded } }),
      album('a2', { progress: { loaded: 300, total: 1000 } }),
      album('a3'),
      pending('solo'),
    ];
    render(<PendingUploads roomId="r1" />);
    const group = screen.getByRole('group', { name: 'Album, 3 photos' });
    expect(group.querySelectorAll('[data-testid="pending-upload"]')).toHaveLength(3);
    const bar = (name: string) => (screen.getByRole('progressbar', { name }) as HTMLProgressElement).value;
    expect([bar('Uploading Photo 1 of 3'), bar('Uploading Photo 2 of 3'), bar('Uploading Photo 3 of 3')]).toEqual([100, 30, 0]);
    expect(screen.getByRole('progressbar', { name: 'Uploading Photo' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel sending Photo 2 of 3' }));
    expect(attach.cancelUpload).toHaveBeenCalledWith('a2');
  });
});
