import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_NAME_MAX_CHARS,
  IMAGE_MAX_DIMENSION,
  LOCATION_LABEL_MAX_CHARS,
  THUMBNAIL_MAX_CHARS,
  VOICE_DURATION_BOUND_MS,
} from '../limits';
import type { MessageAttachment, MessageKind, MessageLocation } from '../schemas/message';
import { displayTextProblem, hasLoneSurrogate, messageContentProblem } from './content';

/**
 * The write rules of attachments and locations (SPEC §8), one for the server's upload and push
 * and the app's composer alike. The server decides a file's type from its bytes; these lists say
 * which types may be stored at all.
 */

/** Photos: re-encoded by the server (no EXIF/GPS), shown inline, thumbnailed. */
export const IMAGE_MIMES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
/** Voice notes and other audio: what MediaRecorder writes in Chromium, Firefox and Safari, and MP3/WAV. */
export const AUDIO_MIMES = ['audio/webm', 'audio/ogg', 'audio/mp4', 'audio/mpeg', 'audio/aac', 'audio/wav'] as const;
/** Documents and videos, sent as files (always downloaded, never shown inline). */
export const DOCUMENT_MIMES = [
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'video/mp4',
  'video/webm',
  'video/quicktime',
] as const;
/** Every type the server stores; anything else is 415. */
export const ALLOWED_MIMES: readonly string[] = [...IMAGE_MIMES, ...AUDIO_MIMES, ...DOCUMENT_MIMES];

const THUMBNAIL_PATTERN = /^data:image\/(?:jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

export const isAllowedMime = (mime: string): boolean => ALLOWED_MIMES.includes(mime);
export const isImageMime = (mime: string): boolean => (IMAGE_MIMES as readonly string[]).includes(mime);
export const isAudioMime = (mime: string): boolean => (AUDIO_MIMES as readonly string[]).includes(mime);

/** The kind a message gets for an attachment of this type, unless it is recorded as a voice note. */
export function attachmentKindFor(mime: string): 'image' | 'file' {
  return isImageMime(mime) ? 'image' : 'file';
}

/** Why `mime` cannot be sent as `kind`, or null: photos are images, voice notes audio, files anything allowed. */
export function mimeKindProblem(mime: string, kind: MessageKind): string | null {
  if (!isAllowedMime(mime)) return `attachment type ${mime} is not allowed`;
  if (kind === 'image' && !isImageMime(mime)) return 'a photo must be an image';
  if (kind === 'voice' && !isAudioMime(mime)) return 'a voice note must be audio';
  return null;
}

/** Why `name` is not a valid attachment file name, or null: visible, at most 255 characters, no path. */
export function attachmentNameProblem(name: string): string | null {
  const problem = displayTextProblem(name, ATTACHMENT_NAME_MAX_CHARS);
  if (problem) return `file name ${problem}`;
  if (/[/\\]/.test(name)) return 'file name must not contain / or \\';
  return null;
}

/** Why `thumbnail` is not a message thumbnail, or null: a base64 JPEG/PNG/WebP data URL of at most 8 KiB. */
export function thumbnailProblem(thumbnail: string): string | null {
  if (thumbnail.length > THUMBNAIL_MAX_CHARS) return `thumbnail is larger than ${THUMBNAIL_MAX_CHARS} bytes`;
  if (!THUMBNAIL_PATTERN.test(thumbnail)) return 'thumbnail must be a base64 JPEG, PNG or WebP data URL';
  return null;
}

/** Why `ms` is not a voice note's duration, or null: a whole number of milliseconds, 1 to 5 minutes (+5 s). */
export function durationProblem(ms: number): string | null {
  if (!Number.isInteger(ms) || ms < 1 || ms > VOICE_DURATION_BOUND_MS) {
    return `duration_ms must be a whole number from 1 to ${VOICE_DURATION_BOUND_MS}`;
  }
  return null;
}

const isDimension = (n: number | null) => n === null || (Number.isInteger(n) && n >= 1 && n <= IMAGE_MAX_DIMENSION);

/** Why `attachment` may not travel in a message of `kind`, or null. */
export function attachmentProblem(attachment: MessageAttachment, kind: MessageKind): string | null {
  const kindProblem = mimeKindProblem(attachment.mime, kind);
  if (kindProblem) return kindProblem;
  const nameProblem = attachmentNameProblem(attachment.name);
  if (nameProblem) return nameProblem;
  if (hasLoneSurrogate(attachment.id) || attachment.id === '') return 'attachment id is invalid';
  if (!Number.isInteger(attachment.size) || attachment.size < 1 || attachment.size > ATTACHMENT_MAX_BYTES) {
    return `attachment size must be 1 to ${ATTACHMENT_MAX_BYTES} bytes`;
  }
  if (!isDimension(attachment.width) || !isDimension(attachment.height)) return 'width and height must be positive whole numbers';
  if (kind === 'image' && (attachment.width === null || attachment.height === null)) return 'a photo states its width and height';
  if (kind === 'voice' && attachment.duration_ms === null) return 'a voice note states its duration';
  if (attachment.duration_ms !== null) {
    const problem = durationProblem(attachment.duration_ms);
    if (problem) return problem;
  }
  return attachment.thumbnail === null ? null : thumbnailProblem(attachment.thumbnail);
}

/** Why `location` is not a shareable location, or null: degrees in range, a label of at most 200 characters. */
export function locationProblem(location: MessageLocation): string | null {
  const { lat, lng, label } = location;
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return 'lat must be from -90 to 90';
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) return 'lng must be from -180 to 180';
  if (label.trim() === '') return null;
  const problem = displayTextProblem(label, LOCATION_LABEL_MAX_CHARS);
  return problem && `location label ${problem}`;
}

export interface MessageBody {
  kind: MessageKind;
  content: string;
  attachment: MessageAttachment | null;
  location: MessageLocation | null;
}

/**
 * Why a live (not deleted) message is not valid, or null: its content by kind (text 1 to 4,000
 * characters; a caption of 0 to 4,000 for the others), an attachment exactly for image, file and
 * voice, a location exactly for location. REST, push and the composer apply it alike.
 */
export function messageBodyProblem(body: MessageBody): string | null {
  const contentProblem = messageContentProblem(body.content, body.kind);
  if (contentProblem) return contentProblem;
  const wantsAttachment = body.kind === 'image' || body.kind === 'file' || body.kind === 'voice';
  if (wantsAttachment !== (body.attachment !== null)) {
    return wantsAttachment ? `a ${body.kind} message carries an attachment` : `a ${body.kind} message carries no attachment`;
  }
  if (body.attachment) return attachmentProblem(body.attachment, body.kind);
  if (body.kind === 'location' && body.location === null) return 'a location message carries a location';
  if (body.kind !== 'location' && body.location !== null) return `a ${body.kind} message carries no location`;
  return body.location ? locationProblem(body.location) : null;
}

/** The message rule as a yes/no, for the composer's Send button and the push path. */
export function isValidMessageBody(body: MessageBody): boolean {
  return messageBodyProblem(body) === null;
}

/**
 * What is stored for an attachment: its fields in one order (so a replay compares equal whatever
 * order the writer used) and its name trimmed and NFC, like content.
 */
export function normalizeAttachment(a: MessageAttachment): MessageAttachment {
  return {
    id: a.id,
    name: a.name.trim().normalize('NFC'),
    mime: a.mime,
    size: a.size,
    width: a.width,
    height: a.height,
    duration_ms: a.duration_ms,
    thumbnail: a.thumbnail,
  };
}

/** What is stored for a location: its fields in one order and its label trimmed and NFC. */
export function normalizeLocation(l: MessageLocation): MessageLocation {
  return { lat: l.lat, lng: l.lng, label: l.label.trim().normalize('NFC') };
}

/** What a deleted message keeps of its body (SPEC §9): nothing. */
export const CLEARED_BODY = { content: '', attachment: null, location: null } as const;
