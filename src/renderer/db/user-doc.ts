import type { PublicUser } from '../../shared/api';
import type { UserDoc } from '../../shared/schemas';

/**
 * Exactly the schema's fields of a user record. API answers carry extras (`is_online` in
 * search results) that the strict local schema would refuse.
 */
export function toUserDoc(user: Readonly<PublicUser> | Readonly<UserDoc>): UserDoc {
  const doc: UserDoc = {
    id: user.id,
    username: user.username,
    first_name: user.first_name,
    last_name: user.last_name,
    role: user.role,
    avatar_url: user.avatar_url ?? null,
    created_at: user.created_at,
    updated_at: user.updated_at,
  };
  const email = (user as { email?: unknown }).email;
  if (typeof email === 'string') doc.email = email;
  return doc;
}
