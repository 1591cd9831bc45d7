import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, timestampField } from './common';

/** The longest emoji accepted, in UTF-16 units (ZWJ families and flags with tags fit). */
export const EMOJI_MAX_UNITS = 32;

const reactionSchemaLiteral = {
  title: 'reaction',
  description:
    'One person\'s reaction to one message: id `<message_id>|<user_id>`. Removing it deletes the document.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 165 },
    message_id: { type: 'string', maxLength: 64 },
    room_id: idField,
    user_id: idField,
    emoji: { type: 'string', maxLength: EMOJI_MAX_UNITS },
    updated_at: timestampField,
  },
  required: ['id', 'message_id', 'room_id', 'user_id', 'emoji', 'updated_at'],
  indexes: ['message_id', 'room_id'],
  additionalProperties: false,
} as const;

export type ReactionDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof reactionSchemaLiteral>;
export const reactionSchema = reactionSchemaLiteral as unknown as RxJsonSchema<ReactionDoc>;
