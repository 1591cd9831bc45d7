import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, nullableTimestampField, timestampField } from './common';

const membershipSchemaLiteral = {
  title: 'membership',
  description: 'A user in a room: id `<room_id>|<user_id>`; read state, archive and mute per user.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 201 },
    room_id: idField,
    user_id: idField,
    joined_at: timestampField,
    last_read_at: nullableTimestampField,
    archived: { type: 'boolean' },
    muted: { type: 'boolean' },
    updated_at: timestampField,
  },
  required: ['id', 'room_id', 'user_id', 'joined_at', 'last_read_at', 'archived', 'muted', 'updated_at'],
  indexes: ['room_id', 'user_id'],
  additionalProperties: false,
} as const;

export type MembershipDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof membershipSchemaLiteral>;
export const membershipSchema = membershipSchemaLiteral as unknown as RxJsonSchema<MembershipDoc>;
