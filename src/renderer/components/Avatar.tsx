import { useState } from 'react';
import { avatarColours } from './avatarPalette';
import { initials } from './format';
import './theme.css';
import './Avatar.css';

interface Props {
  name: string;
  url?: string | null;
  size?: 'sm' | 'md' | 'lg';
  /** Shows a presence dot when defined. */
  online?: boolean;
}

/**
 * A round picture, or the person's initials when there is no picture or it fails to load.
 * Decorative: the name is always written next to it, so it is hidden from assistive tech.
 */
export function Avatar({ name, url, size = 'md', online }: Props) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const showImage = Boolean(url) && failedUrl !== url;
  const colours = avatarColours(name);
  return (
    <span
      className={`cc-avatar cc-avatar--${size}`}
      style={{ background: colours.background, color: colours.foreground }}
      aria-hidden="true"
      data-testid="avatar"
    >
      {showImage && url ? (
        <img className="cc-avatar__img" src={url} alt="" onError={() => setFailedUrl(url)} />
      ) : (
        <span className="cc-avatar__initials">{initials(name)}</span>
      )}
      {online !== undefined && <span className={`cc-avatar__dot${online ? ' cc-avatar__dot--online' : ''}`} />}
    </span>
  );
}
