import { useState, type CSSProperties } from 'react';
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

/** Palette index from the name, so a person keeps the same colour everywhere. */
export function avatarHue(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}

/**
 * A round picture, or the person's initials when there is no picture or it fails to load.
 * Decorative: the name is always written next to it, so it is hidden from assistive tech.
 */
export function Avatar({ name, url, size = 'md', online }: Props) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const showImage = Boolean(url) && failedUrl !== url;
  return (
    <span
      className={`cc-avatar cc-avatar--${size}`}
      style={{ '--cc-avatar-hue': avatarHue(name) } as CSSProperties}
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
