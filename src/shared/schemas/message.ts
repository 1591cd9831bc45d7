import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_NAME_MAX_CHARS,
  IMAGE_MAX_DIMENSION,
  LOCATION_LABEL_MAX_CHARS,
  MESSAGE_MAX_CHARS,
  THUMBNAIL_MAX_CHARS,
  VOICE_DURATION_BOUND_MS,
} from '../limits';
import { idField, nullableTimestampField, timestampField } from './common';

export const MESSAGE_KINDS = ['text', 'image', 'file', 'voice', 'location', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
/** The kinds whose message carries an `attachment` (SPEC §8). */
export const ATTACHMENT_KINDS = ['image', 'file', 'voice'] as const satisfies readonly MessageKind[];
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
/**
 * Written by the server alone ("Alice added Dave"): never pushed, edited or deleted by a client.
 * Its `sender_id` is the person who made the change.
 */
export const SYSTEM_KIND = 'system' satisfies MessageKind;

/**
 * `server_seq` is the server's total order and `received_at` the server's clock when it stored
 * the message (order, unread and `last_message_time` use it); `created_at` is the writer's
 * clock, shown to people. A message the server has not acknowledged yet carries `server_seq: 0`
 * and `received_at: null` (SPEC: shown last in its room, marked pending).
 */
export const PENDING_SERVER_SEQ = 0;

/**
 * Message fields added after the first release, with what their absence means. An app built
 * before a field existed pushes documents without it; the server reads them with these values,
 * so an installed older app keeps sending while a newer server runs.
 */
export const MESSAGE_LATER_FIELDS = { attachment: null, location: null, reply_to_id: null, album_id: null } as const;

/**
 * What a message of kind `image`, `file` or `voice` carries (SPEC §8): the upload's answer plus
 * the thumbnail, so lists and offline views need no download. `width`/`height` are set for
 * photos, `duration_ms` for voice notes, `thumbnail` (a data URL) for photos; null otherwise.
 */
export interface MessageAttachment {
  id: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  thumbnail: string | null;
}

/** What a message of kind `location` carries: degrees (WGS 84) and a label (may be empty). */
export interface MessageLocation {
  lat: number;
  lng: number;
  label: string;
}

const nullableInt = (maximum: number) => ({ type: ['integer', 'null'], minimum: 0, maximum, multipleOf: 1 }) as const;

export const attachmentField = {
  type: ['object', 'null'],
  properties: {
    id: idField,
    name: { type: 'string', maxLength: ATTACHMENT_NAME_MAX_CHARS },
    mime: { type: 'string', maxLength: 100 },
    size: { type: 'integer', minimum: 1, maximum: ATTACHMENT_MAX_BYTES, multipleOf: 1 },
    width: nullableInt(IMAGE_MAX_DIMENSION),
    height: nullableInt(IMAGE_MAX_DIMENSION),
    duration_ms: nullableInt(VOICE_DURATION_BOUND_MS),
    thumbnail: { type: ['string', 'null'], maxLength: THUMBNAIL_MAX_CHARS },
  },
  required: ['id', 'name', 'mime', 'size', 'width', 'height', 'duration_ms', 'thumbnail'],
  additionalProperties: false,
} as const;

export const locationField = {
  type: ['object', 'null'],
  properties: {
    lat: { type: 'number', minimum: -90, maximum: 90 },
    lng: { type: 'number', minimum: -180, maximum: 180 },
    label: { type: 'string', maxLength: LOCATION_LABEL_MAX_CHARS },
  },
  required: ['lat', 'lng', 'label'],
  additionalProperties: false,
} as const;

const messageSchemaLiteral = {
  title: 'message',
  description: 'A chat message. Ids are written by the client (UUID v7 or ULID).',
  version: 5,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    room_id: idField,
    sender_id: idField,
    content: { type: 'string', maxLength: MESSAGE_MAX_CHARS },
    kind: { type: 'string', enum: [...MESSAGE_KINDS], maxLength: 16 },
    created_at: timestampField,
    server_seq: { type: 'integer', minimum: 0, maximum: 1e15, multipleOf: 1 },
    received_at: nullableTimestampField,
    edited_at: nullableTimestampField,
    deleted: { type: 'boolean' },
    attachment: attachmentField,
    location: locationField,
    /** The message this one quotes, in the same room (SPEC §9); null for a plain message. */
    reply_to_id: { type: ['string', 'null'], maxLength: 64 },
    /**
     * The album this photo belongs to (several photos sent at once, shown as one grid), or null.
     * A UUID v7 or ULID chosen by the sender's device; every message of an album is a photo of
     * the same room and sender (`albumProblem` in rules/albums.ts).
     */
    album_id: { type: ['string', 'null'], maxLength: 64 },
  },
  required: [
    'id', 'room_id', 'sender_id', 'content', 'kind', 'created_at', 'server_seq', 'received_at', 'edited_at', 'deleted',
    'attachment', 'location', 'reply_to_id', 'album_id',
  ],
  /**
   * One index: every message query of the app is a range of it (`db/message-indexes.test.ts`).
   * Each index is one more IndexedDB entry per stored message; v5 dropped `[room_id,
   * created_at]`, which no query used (the planner prefers this one for pending messages too).
   */
  indexes: [['room_id', 'server_seq']],
  additionalProperties: false,
} as const;

type ExtractedMessage = ExtractDocumentTypeFromTypedRxJsonSchema<typeof messageSchemaLiteral>;

export type MessageDoc = Omit<ExtractedMessage, 'kind' | 'attachment' | 'location'> & {
  kind: MessageKind;
  attachment: MessageAttachment | null;
  location: MessageLocation | null;
};
export const messageSchema = messageSchemaLiteral as unknown as RxJsonSchema<MessageDoc>;
