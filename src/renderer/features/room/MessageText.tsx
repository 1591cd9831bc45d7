import Linkify from 'linkify-react';
import type { Opts } from 'linkifyjs';

/**
 * Links open outside the app and nothing is fetched to preview them (SPEC §5). `target=_blank`
 * makes a browser open a new tab without access back to this page (`noopener noreferrer`); in
 * Electron the same click reaches the main process's window-open guard (src/main/security),
 * which denies the window and hands web URLs to the system browser.
 */
export const LINK_OPTIONS: Opts = {
  defaultProtocol: 'https',
  target: '_blank',
  rel: 'noopener noreferrer',
  className: 'cc-msg__link',
  // Web addresses only: another scheme (file:, javascript:, an app's own) is left as text, and
  // email addresses too, since the Electron guard opens only web pages outside the app.
  // (A colon before digits is a port, not a scheme: "example.com:8080".)
  validate: { url: (value) => /^https?:\/\//i.test(value) || !/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(value), email: false },
};

/** A message's text with its web addresses as links. */
export function MessageText({ text }: { text: string }) {
  return (
    <span className="cc-msg__text">
      <Linkify options={LINK_OPTIONS}>{text}</Linkify>
    </span>
  );
}
