import { useState } from 'react';
import { describeError } from '../../api/errors';
import { getPlatform } from '../../platform';
import { loadMedia } from '../../uploads/media';
import type { MessageAttachment, MessageDoc, MessageLocation } from '../../../shared/schemas';
import { formatBytes, formatCoordinates, mapLink, typeName } from './format';
import { useOpenPhoto } from './Lightbox';
import { VoicePlayer } from './VoicePlayer';
import './attachments.css';

/** A photo inline: its thumbnail from the message itself, at once and offline; a click opens the lightbox. */
export function PhotoThumb({
  messageId,
  attachment,
  caption,
}: {
  messageId: string;
  attachment: MessageAttachment;
  caption: string;
}) {
  const open = useOpenPhoto();
  const ratio =
    attachment.width && attachment.height ? `${attachment.width} / ${attachment.height}` : undefined;
  return (
    <button
      type="button"
      className="cc-photo"
      onClick={() => open?.(messageId)}
      aria-label={caption ? `Open photo: ${caption}` : 'Open photo'}
      data-testid="photo-thumb"
    >
      {attachment.thumbnail ? (
        <img className="cc-photo__img" src={attachment.thumbnail} alt="" style={{ aspectRatio: ratio }} />
      ) : (
        <span className="cc-photo__placeholder">Photo</span>
      )}
    </button>
  );
}

/** A file as a card: name, size and type, and Save (a download, or Electron's save dialog). Nothing opens by itself. */
export function FileCard({ attachment }: { attachment: MessageAttachment }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  async function save() {
    setState({ busy: true, error: null });
    try {
      const blob = await loadMedia(attachment.id, 'full');
      await getPlatform().saveFile(blob, attachment.name);
      setState({ busy: false, error: null });
    } catch (err) {
      setState({ busy: false, error: describeError(err) });
    }
  }
  return (
    <div className="cc-file" data-testid="file-card">
      <span className="cc-file__icon" aria-hidden="true">
        📄
      </span>
      <span className="cc-file__text">
        <span className="cc-file__name">{attachment.name}</span>
        <span className="cc-file__meta">
          {typeName(attachment.mime)} · {formatBytes(attachment.size)}
        </span>
      </span>
      <button
        type="button"
        className="cc-button"
        onClick={() => void save()}
        disabled={state.busy}
        aria-label={`Save ${attachment.name}`}
      >
        {state.busy ? 'Saving…' : 'Save'}
      </button>
      {state.error && (
        <span className="cc-attach__error" role="alert">
          {state.error}
        </span>
      )}
    </div>
  );
}

/** A shared place: label and coordinates, and a link to a map in the system browser (no tiles in the app). */
export function LocationCard({ location }: { location: MessageLocation }) {
  const coordinates = formatCoordinates(location.lat, location.lng);
  return (
    <div className="cc-location" data-testid="location-card">
      <span className="cc-location__pin" aria-hidden="true">
        📍
      </span>
      <span className="cc-file__text">
        <span className="cc-file__name">{location.label || 'Shared location'}</span>
        <span className="cc-file__meta">{coordinates}</span>
      </span>
      <a
        className="cc-button"
        href={mapLink(location.lat, location.lng)}
        target="_blank"
        rel="noopener noreferrer"
      >
        Open map
      </a>
    </div>
  );
}

/** What a message carries besides its text, by kind; null for text messages. */
export function MessageMedia({ message }: { message: MessageDoc }) {
  const { attachment, location } = message;
  if (message.deleted) return null;
  if (message.kind === 'image' && attachment)
    return <PhotoThumb messageId={message.id} attachment={attachment} caption={message.content} />;
  if (message.kind === 'file' && attachment) return <FileCard attachment={attachment} />;
  if (message.kind === 'voice' && attachment)
    return <VoicePlayer attachmentId={attachment.id} durationMs={attachment.duration_ms ?? 0} />;
  if (message.kind === 'location' && location) return <LocationCard location={location} />;
  return null;
}
