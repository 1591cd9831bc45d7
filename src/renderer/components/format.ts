import { personName, type UserDoc, type UserRole } from '../../shared/schemas';
import type { Presence } from '../db/ephemeral';

type NamedUser = Pick<UserDoc, 'first_name' | 'last_name'> & Partial<Pick<UserDoc, 'username'>>;

/** "Alice Smith"; the username when both names are blank; "Unknown user" for a user not synced yet. */
export function fullName(user: NamedUser | null | undefined): string {
  return personName(user) || 'Unknown user';
}

/** Up to two letters for an avatar: first letters of the first and last word. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1] ?? '') : '';
  const letters = [...first].slice(0, 1).concat([...last].slice(0, 1)).join('');
  return letters.toUpperCase() || '?';
}

const ROLE_LABELS: Record<UserRole, string> = {
  client: 'Client',
  cleaner: 'Cleaner',
  support: 'Support',
  admin: 'Admin',
};

export function roleLabel(role: UserRole): string {
  return ROLE_LABELS[role];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one, and every message row
 * formats its time on each render: keep one formatter per locale and options.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = new Intl.DateTimeFormat(locale, options)));
  return found;
}

/** Calendar days between two instants in local time (0 = same day). */
export function calendarDaysBetween(earlierMs: number, laterMs: number): number {
  return Math.round((startOfDay(laterMs) - startOfDay(earlierMs)) / DAY);
}

/**
 * Compact time for conversation rows: "now", "5m", "3h", "Yesterday", "Mon", "Oct 26",
 * "Oct 26, 2024". A time slightly in the future (clock skew) counts as "now".
 */
export function formatRelative(iso: string, nowMs: number, locale?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const diff = nowMs - ms;
  if (diff < MINUTE) return 'now';
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)}m`;
  const days = calendarDaysBetween(ms, nowMs);
  if (days === 0) return `${Math.floor(diff / HOUR)}h`;
  if (days === 1) return 'Yesterday';
  if (days < 7) return formatter(locale, { weekday: 'short' }).format(ms);
  const sameYear = new Date(ms).getFullYear() === new Date(nowMs).getFullYear();
  return formatter(locale, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(ms);
}

/** Clock time of a message, e.g. "14:05" or "2:05 PM" depending on the locale. */
export function formatClock(iso: string, locale?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return formatter(locale, { hour: 'numeric', minute: '2-digit' }).format(ms);
}

/** Full date and time, for tooltips and job schedules. */
export function formatDateTime(iso: string, locale?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return formatter(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** Day heading inside a conversation: "Today", "Yesterday" or a full date. */
export function formatDay(iso: string, nowMs: number, locale?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const days = calendarDaysBetween(ms, nowMs);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return formatter(locale, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }).format(ms);
}

/** One line of text: whitespace collapsed, cut at `max` characters with an ellipsis. */
export function singleLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : line;
}

const PRESENCE_LABELS: Record<Presence, string> = {
  online: 'Online',
  offline: 'Offline',
  unknown: 'Status unknown',
};

/** "Online", "Offline", or "Status unknown" while I am offline myself and cannot know. */
export function presenceLabel(presence: Presence): string {
  return PRESENCE_LABELS[presence];
}

/** The Avatar's `online` prop: a dot only when presence is known. */
export function presenceDot(presence: Presence): boolean | undefined {
  return presence === 'unknown' ? undefined : presence === 'online';
}
