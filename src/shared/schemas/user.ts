import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, timestampField } from './common';

export const USER_ROLES = ['client', 'cleaner', 'support', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

const userSchemaLiteral = {
  title: 'user',
  description: "A person; `email` appears only in the user's own record.",
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    username: { type: 'string', maxLength: 32 },
    first_name: { type: 'string', maxLength: 64 },
    last_name: { type: 'string', maxLength: 64 },
    role: { type: 'string', enum: [...USER_ROLES], maxLength: 16 },
    avatar_url: { type: ['string', 'null'], maxLength: 2048 },
    email: { type: 'string', maxLength: 254 },
    created_at: timestampField,
    updated_at: timestampField,
  },
  required: ['id', 'username', 'first_name', 'last_name', 'role', 'avatar_url', 'created_at', 'updated_at'],
  additionalProperties: false,
} as const;

/** "First Last", or the username when both names are blank; '' for a user not known here. */
export function personName(
  user: (Pick<UserDoc, 'first_name' | 'last_name'> & { username?: string }) | null | undefined,
): string {
  if (!user) return '';
  return `${user.first_name} ${user.last_name}`.trim() || user.username || '';
}

export type UserDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof userSchemaLiteral> & {
  role: UserRole;
};
export const userSchema = userSchemaLiteral as unknown as RxJsonSchema<UserDoc>;
