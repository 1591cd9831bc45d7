import type { MessageDoc } from '../../../shared/schemas';
import { isPending } from '../room/messageLogic';
import { albumLabel, albumLayout, tileLabel } from './albumLayout';
import { useOpenPhoto } from './Lightbox';

interface Props {
  /** The album's photos still there, in send order (two or more). */
  photos: readonly MessageDoc[];
  /** Mine: each tile can be deleted on its own (the rest of the album stays). */
  onDelete?: (photo: MessageDoc) => void;
}

/**
 * Photos sent together as one grid (layout in albumLayout.ts): a labelled group ("Album, 3
 * photos") of buttons, each showing its thumbnail from the message at once and opening the
 * lightbox, whose arrows then move across the photos. A photo not yet acknowledged by the
 * server says "Sending…" on its tile.
 */
export function AlbumGrid({ photos, onDelete }: Props) {
  const open = useOpenPhoto();
  const { shape, tiles } = albumLayout(photos.length);
  return (
    <div
      className={`cc-album cc-album--${shape}`}
      role="group"
      aria-label={albumLabel(photos.length)}
      data-testid="album"
      data-count={photos.length}
    >
      {tiles.map((tile) => {
        const photo = photos[tile.index] as MessageDoc;
        const label = tileLabel(tile, photos.length);
        const pending = isPending(photo);
        return (
          <div key={photo.id} className="cc-album__cell" style={{ gridArea: tile.area }} data-testid="album-tile" data-photo-id={photo.id}>
            <button
              type="button"
              className="cc-album__tile"
              onClick={() => open?.(photo.id)}
              aria-label={pending ? `${label}, sending` : label}
            >
              {photo.attachment?.thumbnail ? (
                <img className="cc-album__img" src={photo.attachment.thumbnail} alt="" />
              ) : (
                <span className="cc-photo__placeholder">Photo</span>
              )}
              {tile.more > 0 && (
                <span className="cc-album__more" aria-hidden="true" data-testid="album-more">
                  +{tile.more}
                </span>
              )}
              {pending && (
                <span className="cc-album__pending" aria-hidden="true">
                  Sending…
                </span>
              )}
            </button>
            {onDelete && !pending && (
              <button
                type="button"
                className="cc-album__delete"
                onClick={() => onDelete(photo)}
                aria-label={`Delete photo ${tile.index + 1} of ${photos.length}`}
                title="Delete this photo"
              >
                🗑
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
