/** What the app knows when a new message arrives, to decide whether it deserves a notification. */
export interface NotifyInput {
  message: {
    sender_id: string;
    room_id: string;
    deleted: boolean;
    server_seq: number;
    created_at: string;
    received_at: string | null;
  };
  me: string;
  roomType: string;
  muted: boolean;
  windowFocused: boolean;
  /** Messages older than this (the app's start or sign-in) are history, not news. */
  since: string;
}

/**
 * The one place that decides whether a message raises a desktop notification (SPEC §5):
 * a new message from someone else, in a DM or job chat the user has not muted, while the
 * window is not focused. Used by the browser and Electron paths alike.
 */
export function shouldNotify(input: NotifyInput): boolean {
  const { message, me } = input;
  if (message.sender_id === me || message.deleted) return false;
  if (input.muted) return false;
  if (input.roomType !== 'direct' && input.roomType !== 'job') return false;
  // History or news by the server's clock: a backdated created_at must not silence a new message.
  if ((message.received_at ?? message.created_at) < input.since) return false;
  return !input.windowFocused;
}

/**
 * A notification's title: who wrote, and for a job chat which job it is about, since one person
 * (a cleaner, a regular client) often has several jobs on the go: "Bob Builder · Deep clean,
 * 2-bed flat". Used by the browser and Electron paths alike.
 */
export function notificationTitle(senderName: string | null, roomType: string, roomName: string | null): string {
  const who = senderName || 'New message';
  const job = roomType === 'job' ? roomName?.trim() : '';
  return job ? `${who} · ${job}` : who;
}
