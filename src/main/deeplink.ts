import { isStrictRoomId } from '../shared/ipc';
import { DEEP_LINK_SCHEME } from './config';
import { log } from './log';

const PREFIX = `${DEEP_LINK_SCHEME}://`;

/**
 * The room id named by `cleanchat://room/<id>`, or null. Parsed strictly because any web page
 * or document can launch such a link: exactly one path segment, no query, no fragment, and the
 * id must look like a real room id (`dm:<uuid>:<uuid>`, `job:<uuid>` or a uuid).
 */
export function parseDeepLink(link: string): string | null {
  if (typeof link !== 'string' || link.length > 300 || !link.toLowerCase().startsWith(PREFIX)) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.host !== 'room' || url.search || url.hash || url.username || url.password || url.port) return null;
  const path = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  const segment = /^\/([^/]+)$/.exec(path)?.[1];
  if (!segment) return null;
  let roomId: string;
  try {
    roomId = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return isStrictRoomId(roomId) ? roomId : null;
}

/**
 * On Windows and Linux a deep link arrives as a command-line argument (first launch or
 * second-instance argv). Returns the room of the first well-formed link; malformed links are
 * logged, never followed.
 */
export function roomFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(PREFIX)) continue;
    const roomId = parseDeepLink(arg);
    if (roomId) return roomId;
    log.warn('ignoring malformed deep link');
  }
  return null;
}
