import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { MESSAGE_MAX_CHARS } from '../limits';
import { idField, nullableTimestampField, timestampField } from './common';

export const ROOM_TYPES = ['job', 'direct', 'support', 'general', 'group'] as const;
export type RoomType = (typeof ROOM_TYPES)[number];
/** A support room is `open` until support resolves it; every other room type carries null. */
export const ROOM_STATUSES = ['open', 'resolved'] as const;
export type RoomStatus = (typeof ROOM_STATUSES)[number];
/** Who may post: everyone in the room, or only `support` and `admin` users (announcements). */
export const ROOM_POSTINGS = ['all', 'staff'] as const;
export type RoomPosting = (typeof ROOM_POSTINGS)[number];

const roomSchemaLiteral = {
  title: 'room',
  description: 'A chat room. DM ids are `dm:<a>:<b>`, job room ids `job:<job_id>`.',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    room_type: { type: 'string', enum: [...ROOM_TYPES], maxLength: 16 },
    name: { type: 'string', maxLength: 200 },
    job_id: { type: ['string', 'null'], maxLength: 100 },
    participant_ids: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 256 },
    created_by: idField,
    created_at: timestampField,
    updated_at: timestampField,
    last_message_content: { type: ['string', 'null'], maxLength: MESSAGE_MAX_CHARS },
    last_message_time: nullableTimestampField,
    last_message_sender_id: { type: ['string', 'null'], maxLength: 100 },
    status: { type: ['string', 'null'], enum: [...ROOM_STATUSES, null], maxLength: 16 },
    posting: { type: 'string', enum: [...ROOM_POSTINGS], maxLength: 16 },
  },
  required: [
    'id',
    'room_type',
    'name',
    'job_id',
    'participant_ids',
    'created_by',
    'created_at',
    'updated_at',
    'last_message_content',
    'last_message_time',
    'last_message_sender_id',
    'status',
    'posting',
  ],
  additionalProperties: false,
} as const;

export type RoomDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof roomSchemaLiteral> & {
  room_type: RoomType;
  participant_ids: string[];
  status: RoomStatus | null;
  posting: RoomPosting;
};
export const roomSchema = roomSchemaLiteral as unknown as RxJsonSchema<RoomDoc>;
