import { useState } from 'react';
import { fullName, singleLine } from '../../components/format';
import { useUsers } from '../../db';
import type { MessageDoc } from '../../../shared/schemas';

/** Longest message text read out; the rest is in the history. */
const ANNOUNCE_MAX = 160;

/**
 * Messages from others that arrived since `known` was taken, oldest first. An older page of
 * history is prepended before every known message, so only unknown messages after the first
 * known one are arrivals (a pending message of mine may sit after them at the end).
 */
export function freshArrivals(messages: readonly MessageDoc[], known: ReadonlySet<string>, me: string): MessageDoc[] {
  const firstKnown = messages.findIndex((m) => known.has(m.id));
  const after = firstKnown < 0 ? messages : messages.slice(firstKnown + 1);
  return after.filter((m) => !known.has(m.id) && m.sender_id !== me && !m.deleted);
}

interface Seen {
  source: readonly MessageDoc[] | null;
  known: ReadonlySet<string> | null;
  latest: MessageDoc | null;
  count: number;
}

interface Props {
  messages: readonly MessageDoc[];
  /** True until the room's first page has loaded: what it holds then is history, not news. */
  loading: boolean;
  me: string;
}

/**
 * A polite live region, outside the virtualized history (whose rows come and go as it scrolls),
 * that reads out messages from others arriving in the open room: "New message from Bob
 * Builder: On my way". Mounted for as long as the room is open, so screen readers pick up changes.
 */
export function ArrivalAnnouncer({ messages, loading, me }: Props) {
  const [seen, setSeen] = useState<Seen>({ source: null, known: null, latest: null, count: 0 });
  // Derived state, adjusted during render (React's documented pattern) rather than in an effect.
  if (messages !== seen.source && !(loading && seen.known === null)) {
    const known = new Set(messages.map((m) => m.id));
    const fresh = seen.known ? freshArrivals(messages, seen.known, me) : [];
    const latest = fresh[fresh.length - 1];
    setSeen(latest ? { source: messages, known, latest, count: fresh.length } : { ...seen, source: messages, known });
  }
  const sender = useUsers(seen.latest ? [seen.latest.sender_id] : [])[seen.latest?.sender_id ?? ''];
  let text = '';
  // A message deleted after it was announced leaves the live region too: its text is gone everywhere.
  const latestNow = seen.latest && messages.find((m) => m.id === seen.latest?.id);
  if (seen.latest && !latestNow?.deleted) {
    const body = singleLine(seen.latest.content, ANNOUNCE_MAX) || 'an attachment';
    const from = `from ${fullName(sender)}: ${body}`;
    text = seen.count > 1 ? `${seen.count} new messages. Latest ${from}` : `New message ${from}`;
  }
  return (
    <div className="cc-visually-hidden" aria-live="polite" aria-atomic="true" data-testid="arrival-announcer">
      {text}
    </div>
  );
}
