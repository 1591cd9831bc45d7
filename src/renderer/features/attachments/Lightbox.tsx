import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { Dialog } from '../../components/Dialog';
import type { MessageDoc } from '../../../shared/schemas';
import { useMediaUrl } from '../../uploads/media';

/** Opens a room's photo in the lightbox; null outside a room. */
const OpenPhotoContext = createContext<((messageId: string) => void) | null>(null);

export function useOpenPhoto(): ((messageId: string) => void) | null {
  return useContext(OpenPhotoContext);
}

/** What the lightbox shows of one photo message. */
export interface LightboxPhoto {
  messageId: string;
  attachmentId: string;
  thumbnail: string | null;
  caption: string;
  width: number | null;
  height: number | null;
}

/**
 * The photos of a room in timeline order, for the lightbox's arrows (they run through an album
 * and on). A photo of an album shows the album's caption, which travels on its first photo.
 */
export function photosOf(messages: readonly MessageDoc[]): LightboxPhoto[] {
  const albumCaptions = new Map<string, string>();
  for (const m of messages) if (m.album_id && !albumCaptions.has(m.album_id)) albumCaptions.set(m.album_id, m.content);
  return messages
    .filter((m) => m.kind === 'image' && m.attachment && !m.deleted)
    .map((m) => ({
      messageId: m.id,
      attachmentId: m.attachment?.id ?? '',
      thumbnail: m.attachment?.thumbnail ?? null,
      caption: m.content || (m.album_id ? (albumCaptions.get(m.album_id) ?? '') : ''),
      width: m.attachment?.width ?? null,
      height: m.attachment?.height ?? null,
    }));
}

/** Holds which photo is open; rooms wrap their history in it. */
export function LightboxProvider({
  photos,
  children,
}: {
  photos: readonly LightboxPhoto[];
  children: ReactNode;
}) {
  const [openId, setOpenId] = useState<string | null>(null);
  const open = useCallback((messageId: string) => setOpenId(messageId), []);
  const index = openId ? photos.findIndex((p) => p.messageId === openId) : -1;
  return (
    <OpenPhotoContext.Provider value={open}>
      {children}
      {index >= 0 && (
        <Lightbox
          photos={photos}
          index={index}
          onMove={(i) => setOpenId(photos[i]?.messageId ?? null)}
          onClose={() => setOpenId(null)}
        />
      )}
    </OpenPhotoContext.Provider>
  );
}

interface Props {
  photos: readonly LightboxPhoto[];
  index: number;
  onMove(index: number): void;
  onClose(): void;
}

/**
 * The full photo in a modal dialog: focus is trapped inside and goes back on close (Dialog);
 * Left/Right arrows move between the room's photos, Escape closes. The thumbnail shows until
 * the full bytes have arrived (or when they cannot, offline and never viewed).
 */
export function Lightbox({ photos, index, onMove, onClose }: Props) {
  const photo = photos[index];
  const full = useMediaUrl(photo?.attachmentId ?? null, 'full');
  const position = useMemo(() => `Photo ${index + 1} of ${photos.length}`, [index, photos.length]);
  if (!photo) return null;
  const hasPrevious = index > 0;
  const hasNext = index < photos.length - 1;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'ArrowLeft' && hasPrevious) {
      event.preventDefault();
      onMove(index - 1);
    } else if (event.key === 'ArrowRight' && hasNext) {
      event.preventDefault();
      onMove(index + 1);
    }
  }

  const src = full.url ?? photo.thumbnail;
  return (
    <Dialog label={position} onClose={onClose} onKeyDown={onKeyDown} className="cc-dialog--lightbox">
      <div className="cc-lightbox" data-testid="lightbox" data-full={full.url ? 'true' : 'false'}>
        <figure className="cc-lightbox__figure">
          {src ? (
            <img
              className="cc-lightbox__img"
              src={src}
              alt={photo.caption || 'Photo'}
              data-testid="lightbox-image"
            />
          ) : (
            <p>Loading photo…</p>
          )}
          {photo.caption && <figcaption>{photo.caption}</figcaption>}
        </figure>
        {full.error && !full.url && <p className="cc-attach__error">{full.error}</p>}
        <div className="cc-lightbox__nav">
          {/* aria-disabled, not disabled: a focused button that became disabled would drop focus out of the dialog. */}
          <button
            type="button"
            className="cc-button"
            aria-disabled={!hasPrevious}
            onClick={() => hasPrevious && onMove(index - 1)}
          >
            ← Previous photo
          </button>
          <button
            type="button"
            className="cc-button"
            aria-disabled={!hasNext}
            onClick={() => hasNext && onMove(index + 1)}
            data-autofocus
          >
            Next photo →
          </button>
        </div>
      </div>
    </Dialog>
  );
}
