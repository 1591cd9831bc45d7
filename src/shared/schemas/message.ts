import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { MESSAGE_MAX_CHARS } from '../limits';
import { idField, nullableTimestampField, timestampField } from './common';

export const MESSAGE_KINDS = ['text', 'image', 'voice', 'location', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
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

const messageSchemaLiteral = {
  title: 'message',
  description: 'A chat message. Ids are written by the client (UUID v7 or ULID).',
  version: 2,
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
  },
  required: ['id', 'room_id', 'sender_id', 'content', 'kind', 'created_at', 'server_seq', 'received_at', 'edited_at', 'deleted'],
  indexes: [['room_id', 'server_seq'], ['room_id', 'created_at']],
  additionalProperties: false,
} as const;

export type MessageDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof messageSchemaLiteral> & {
  kind: MessageKind;
};
export const messageSchema = messageSchemaLiteral as unknown as RxJsonSchema<MessageDoc>;
