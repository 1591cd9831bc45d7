import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, nullableTimestampField, timestampField } from './common';

/** Owners of a group (or announcement room) manage its members and name; everyone else is a member. */
export const MEMBERSHIP_ROLES = ['owner', 'member'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

const membershipSchemaLiteral = {
  title: 'membership',
  description: 'A user in a room: id `<room_id>|<user_id>`; read state, archive and mute per user.',
  version: 1,
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
    role: { type: 'string', enum: [...MEMBERSHIP_ROLES], maxLength: 16 },
  },
  required: ['id', 'room_id', 'user_id', 'joined_at', 'last_read_at', 'archived', 'muted', 'updated_at', 'role'],
  indexes: ['room_id', 'user_id'],
  additionalProperties: false,
} as const;

export type MembershipDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof membershipSchemaLiteral> & { role: MembershipRole };
export const membershipSchema = membershipSchemaLiteral as unknown as RxJsonSchema<MembershipDoc>;
