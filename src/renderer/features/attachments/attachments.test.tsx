import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LightboxProvider, useOpenPhoto, type LightboxPhoto } from './Lightbox';
import { VoicePlayer } from './VoicePlayer';

vi.mock('../../uploads/media', () => ({
  useMediaUrl: (id: string | null) => ({ url: id ? `blob:full-${id}` : null, error: null }),
  loadMedia: vi.fn(),
}));

const photos: LightboxPhoto[] = ['a', 'b', 'c'].map((id) => ({
  messageId: `m-${id}`,
  attachmentId: `att-${id}`,
  thumbnail: null,
  caption: id === 'b' ? 'The stain' : '',
  width: 800,
  height: 600,
}));

function Opener({ messageId }: { messageId: string }) {
  const open = useOpenPhoto();
  return (
    <button type="button" onClick={() => open?.(messageId)}>
      open {messageId}
    </button>
  );
}

describe('Lightbox', () => {
  it('shows the full photo, moves with the arrow keys, and closes with Escape back to where it was opened', () => {
    render(
      <LightboxProvider photos={photos}>
        <Opener messageId="m-b" />
      </LightboxProvider>,
    );
    const opener = screen.getByRole('button', { name: 'open m-b' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Photo 2 of 3' });
    expect(screen.getByRole('img', { name: 'The stain' }).getAttribute('src')).toBe('blob:full-att-b');
    expect(dialog.contains(document.activeElement)).toBe(true);

    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' });
    expect(screen.getByRole('dialog', { name: 'Photo 3 of 3' })).toBeTruthy();
    // The last photo: Right stays, focus stays inside.
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' });
    expect(screen.getByRole('dialog', { name: 'Photo 3 of 3' })).toBeTruthy();
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowLeft' });
    expect(screen.getByRole('dialog', { name: 'Photo 1 of 3' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Photo' }).getAttribute('src')).toBe('blob:full-att-a');

    fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('keeps Tab inside the dialog', () => {
    render(
      <LightboxProvider photos={photos}>
        <Opener messageId="m-a" />
      </LightboxProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'open m-a' }));
    const next = screen.getByRole('button', { name: 'Next photo →' });
    expect(document.activeElement).toBe(next);
    fireEvent.keyDown(next, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
  });
});

describe('VoicePlayer', () => {
  let played: HTMLMediaElement[];
  beforeEach(() => {
    played = [];
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
      played.push(this);
      this.dispatchEvent(new Event('play'));
      return Promise.resolve();
    });
    vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(function (this: HTMLMediaElement) {
      this.dispatchEvent(new Event('pause'));
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('plays and pauses, seeks with the slider, and shows the duration', async () => {
    render(<VoicePlayer attachmentId="v1" durationMs={12_000} src="blob:voice-1" />);
    expect(screen.getByTestId('voice-time').textContent).toBe('0:12');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Play voice message' })));
    expect(played).toHaveLength(1);
    const pause = screen.getByRole('button', { name: 'Pause voice message' });
    expect(pause.getAttribute('aria-pressed')).toBe('true');

    const slider = screen.getByRole('slider', { name: 'Position in voice message' });
    fireEvent.change(slider, { target: { value: '6000' } });
    expect(played[0]?.currentTime).toBe(6);
    expect(slider.getAttribute('aria-valuetext')).toBe('0:06 of 0:12');

    await act(async () => fireEvent.click(pause));
    expect(screen.getByRole('button', { name: 'Play voice message' })).toBeTruthy();
  });

  it('plays one voice note at a time', async () => {
    render(
      <>
        <VoicePlayer attachmentId="v1" durationMs={5_000} src="blob:voice-1" />
        <VoicePlayer attachmentId="v2" durationMs={7_000} src="blob:voice-2" />
      </>,
    );
    const [first, second] = screen.getAllByRole('button', { name: 'Play voice message' });
    await act(async () => fireEvent.click(first as HTMLElement));
    await act(async () => fireEvent.click(second as HTMLElement));
    const buttons = screen.getAllByRole('button', { name: /voice message/ });
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Play voice message',
      'Pause voice message',
    ]);
  });
});
