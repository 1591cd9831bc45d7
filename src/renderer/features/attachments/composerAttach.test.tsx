import { fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../store';
import { Composer } from '../room/Composer';

const db = vi.hoisted(() => ({
  sendMessage: vi.fn((_roomId: string, _content: string) => Promise.resolve()),
  notifyTyping: vi.fn(),
  sendLocation: vi.fn((_roomId: string, _location: unknown) => Promise.resolve()),
}));
vi.mock('../../db', () => db);
const uploads = vi.hoisted(() => ({
  attachFiles: vi.fn((_roomId: string, _files: File[], _caption: string) => Promise.resolve()),
}));
vi.mock('../../uploads/attach', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ...uploads,
}));

const photo = (name = 'stain.jpg') =>
  new File([new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3])], name, { type: 'image/jpeg' });

beforeEach(() => {
  useAppStore.setState({ drafts: { r1: 'draft text' }, notice: null });
  db.sendMessage.mockClear();
  uploads.attachFiles.mockClear();
});

function choose(files: File[]) {
  fireEvent.change(screen.getByTestId('attach-input'), { target: { files } });
}

describe('Composer: attaching', () => {
  it('paperclip → preview with a caption → Send hands the photos and caption to the outbox, not the draft', () => {
    render(<Composer roomId="r1" />);
    expect(screen.getByRole('button', { name: 'Attach photos or files' })).toBeTruthy();
    const files = [photo('before.jpg'), photo('after.jpg')];
    choose(files);
    const dialog = screen.getByRole('dialog', { name: 'Send 2 attachments' });
    expect(dialog.querySelectorAll('img')).toHaveLength(2);
    fireEvent.change(screen.getByLabelText('Caption (optional)'), { target: { value: 'Before and after' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send 2 photos' }));
    expect(uploads.attachFiles).toHaveBeenCalledWith('r1', files, 'Before and after');
    expect(db.sendMessage).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(useAppStore.getState().drafts.r1).toBe('draft text');
  });

  it('the preview removes one of several photos before sending; the last one left goes with Cancel', () => {
    render(<Composer roomId="r1" />);
    const [a, b, c] = [photo('a.jpg'), photo('b.jpg'), photo('c.jpg')];
    choose([a, b, c]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove b.jpg' }));
    expect(screen.getByRole('dialog', { name: 'Send 2 attachments' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send 2 photos' }));
    expect(uploads.attachFiles).toHaveBeenCalledWith('r1', [a, c], '');

    choose([photo('x.jpg')]);
    expect(screen.queryByRole('button', { name: 'Remove x.jpg' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    choose([a, b]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove a.jpg' }));
    expect(screen.queryByRole('button', { name: 'Remove b.jpg' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Send photo' })).toBeTruthy();
  });

  it('at most 10 go at once: over that, Send waits and says how many to remove', () => {
    render(<Composer roomId="r1" />);
    const twelve = Array.from({ length: 12 }, (_, i) => photo(`p${i}.jpg`));
    choose(twelve);
    expect(screen.getByRole('alert').textContent).toBe('You can send up to 10 at once; remove 2.');
    const send = () => screen.getByRole('button', { name: /^Send \d+ photos$/ }) as HTMLButtonElement;
    expect(send().disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Remove p0.jpg' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove p1.jpg' }));
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(send());
    expect(uploads.attachFiles).toHaveBeenCalledWith('r1', twelve.slice(2), '');
  });

  it('a pasted image opens the same preview; Cancel sends nothing', () => {
    render(<Composer roomId="r1" />);
    const image = photo('screenshot.png');
    fireEvent.paste(screen.getByLabelText('Message'), {
      clipboardData: { files: [image], types: ['Files'] },
    });
    expect(screen.getByRole('dialog', { name: 'Send an attachment' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(uploads.attachFiles).not.toHaveBeenCalled();
  });

  it('a file shows its name, type and size; one over 25 MB cannot be sent', () => {
    render(<Composer roomId="r1" />);
    const pdf = new File([new Uint8Array(2048)], 'invoice.pdf', { type: 'application/pdf' });
    choose([pdf]);
    expect(screen.getByTestId('attach-preview').textContent).toContain('invoice.pdf');
    expect(screen.getByTestId('attach-preview').textContent).toContain('PDF · 2 KB');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    const huge = new File([new Uint8Array(8)], 'video.mp4', { type: 'video/mp4' });
    Object.defineProperty(huge, 'size', { value: 26 * 1024 * 1024 });
    choose([huge]);
    expect(screen.getByRole('alert').textContent).toBe('video.mp4 is larger than 25 MB.');
    expect((screen.getByRole('button', { name: 'Send file' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Share location sends typed coordinates with the address as its label', async () => {
    render(<Composer roomId="r1" />);
    fireEvent.click(screen.getByRole('button', { name: 'Share location' }));
    fireEvent.change(screen.getByLabelText('Address or name of the place'), {
      target: { value: 'Back entrance' },
    });
    fireEvent.change(screen.getByLabelText('Coordinates (latitude, longitude)'), {
      target: { value: '51.50722, -0.1275' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send location' }));
    expect(db.sendLocation).toHaveBeenCalledWith('r1', {
      lat: 51.50722,
      lng: -0.1275,
      label: 'Back entrance',
    });
    expect(await screen.findByRole('button', { name: 'Share location' })).toBeTruthy();
  });
});
