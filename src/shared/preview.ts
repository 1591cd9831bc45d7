/**
 * The one-line text a message stands for where only text fits: the conversation list's
 * preview, desktop notifications, and the server's `last_message_content`. Photos read
 * "Photo", voice notes "Voice message (0:12)", locations "Location", files their name; a
 * caption follows after a colon ("Photo: Before the clean").
 */
export interface PreviewSource {
  kind: string;
  content: string;
  deleted?: boolean;
  attachment?: { name: string; duration_ms?: number | null } | null;
}

/** A duration as m:ss (or h:mm:ss from an hour), as players and previews show it. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** What the kind of a non-text message is called in a preview. */
export function kindLabel(message: PreviewSource): string {
  switch (message.kind) {
    case 'image':
      return 'Photo';
    case 'voice': {
      const ms = message.attachment?.duration_ms;
      return typeof ms === 'number' ? `Voice message (${formatDuration(ms)})` : 'Voice message';
    }
    case 'location':
      return 'Location';
    case 'file':
      return message.attachment?.name || 'File';
    default:
      return '';
  }
}

/** The preview text of a message: its text, or its kind and caption; empty when deleted. */
export function messagePreview(message: PreviewSource): string {
  if (message.deleted) return '';
  const caption = message.content.trim();
  const label = kindLabel(message);
  if (!label) return caption;
  return caption ? `${label}: ${caption}` : label;
}
