import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageDoc } from '../../../shared/schemas';
import { makeMessage } from '../testing/fixtures';
import { MessageItem } from '../room/MessageItem';
import { MessageActionsContext, type MessageActions } from '../room/messageActionsContext';
import { timelineRows } from '../room/timelineRows';
import { LightboxProvider, photosOf } from './Lightbox';

vi.mock('../../uploads/media', () => ({
  useMediaUrl: (id: string | null) => ({ url: id ? `blob:full-${id}` : null, error: null }),
  loadMedia: vi.fn(),
}));

const T = '2026-01-01T10:00:00.000Z';
const THUMB = 'data:image/webp;base64,UklGRh4AAABXRUJQVlA4TBEAAAAvAAAAAAfQ//73v/+BiOh/AAA=';
const album = (count: number, extra: (i: number) => Partial<MessageDoc> = () => ({})): MessageDoc[] =>
  Array.from({ length: count }, (_, i) =>
    makeMessage(`p${i}`, 'dm:a:b', 'a', T, {
      kind: 'image',
      content: i === 0 ? 'Before and after' : '',
      album_id: '0190a6e2-3b4c-7d5e-8f60-123456789abc',
      server_seq: i + 1,
      attachment: { id: `att${i}`, name: `p${i}.jpg`, mime: 'image/jpeg', size: 10, width: 4, height: 3, duration_ms: null, thumbnail: THUMB },
      ...extra(i),
    }),
  );

const base = { senderName: null, senderLabel: 'Ann Archer', groupStart: true, showTime: true, dayStart: false, receipt: null } as const;

function renderAlbum(messages: MessageDoc[], mine = false, actions: Partial<MessageActions> = {}) {
  const [row] = timelineRows(messages);
  const value = {
    me: 'a', reactions: new Map(), originals: new Map(), highlightId: null, nameOf: () => 'Ann',
    reply: vi.fn(), edit: vi.fn(), remove: vi.fn(), copy: vi.fn(), react: vi.fn(), jumpTo: vi.fn(), ...actions,
  } satisfies MessageActions;
  render(
    <LightboxProvider photos={photosOf(messages)}>
      <MessageActionsContext.Provider value={value}>
        <MessageItem {...base} mine={mine} message={row!.message} album={row!.album} />
      </MessageActionsContext.Provider>
    </LightboxProvider>,
  );
  return value;
}

describe('AlbumGrid in a message', () => {
  it('shows photos sent together as one labelled grid of buttons with the caption once; a tile opens the lightbox and the arrows move across the album', () => {
    renderAlbum(album(3));
    expect(screen.getAllByTestId('message')).toHaveLength(1);
    const group = screen.getByRole('group', { name: 'Album, 3 photos' });
    const tiles = within(group).getAllByRole('button');
    expect(tiles.map((t) => t.getAttribute('aria-label'))).toEqual(['Photo 1 of 3', 'Photo 2 of 3', 'Photo 3 of 3']);
    expect(group.querySelectorAll('img[src^="data:image/webp"]')).toHaveLength(3);
    expect(screen.getAllByText('Before and after')).toHaveLength(1);

    fireEvent.click(tiles[1]!);
    expect(screen.getByRole('dialog', { name: 'Photo 2 of 3' })).toBeTruthy();
    expect(screen.getByTestId('lightbox-image').getAttribute('src')).toBe('blob:full-att1');
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' });
    expect(screen.getByRole('dialog', { name: 'Photo 3 of 3' })).toBeTruthy();
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowLeft' });
    expect(screen.getByRole('dialog', { name: 'Photo 1 of 3' })).toBeTruthy();
    // Every photo of the album shows the album's caption.
    expect(screen.getByTestId('lightbox-image').getAttribute('alt')).toBe('Before and after');
  });

  it('from five on shows four tiles with +N over the fourth, and the lightbox reaches them all', () => {
    renderAlbum(album(6));
    const group = screen.getByRole('group', { name: 'Album, 6 photos' });
    expect(within(group).getAllByRole('button')).toHaveLength(4);
    expect(screen.getByTestId('album-more').textContent).toBe('+2');
    fireEvent.click(screen.getByRole('button', { name: 'Photo 4 of 6, and 2 more' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' });
    expect(screen.getByRole('dialog', { name: 'Photo 6 of 6' })).toBeTruthy();
  });

  it('marks each photo still sending on its tile', () => {
    renderAlbum(album(2, (i) => ({ server_seq: i === 1 ? 0 : 1 })), true);
    expect(screen.getByRole('button', { name: 'Photo 2 of 2, sending' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Photo 1 of 2' })).toBeTruthy();
    expect(screen.getByTestId('message').getAttribute('data-pending')).toBe('true');
  });

  it('my album deletes one photo at a time: each tile has its own Delete, the menu has none', () => {
    const actions = renderAlbum(album(3), true);
    fireEvent.click(screen.getByRole('button', { name: 'Delete photo 2 of 3' }));
    expect(actions.remove).toHaveBeenCalledWith(expect.objectContaining({ id: 'p1' }));
    fireEvent.click(screen.getByTestId('message-actions'));
    expect(screen.getByRole('menuitem', { name: 'Edit' })).toBeTruthy();
    expect(screen.queryByRole('menuitem', { name: 'Delete' })).toBeNull();
  });

  it("someone else's album has no Delete on its tiles", () => {
    renderAlbum(album(2));
    expect(screen.queryByRole('button', { name: /^Delete photo/ })).toBeNull();
  });
});
