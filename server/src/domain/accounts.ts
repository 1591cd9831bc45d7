import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords';
import { hashRefreshToken, newRefreshToken } from '../auth/tokens';
import type { UserRow } from '../db/users';
import { userDoc } from '../db/users';
import { AppError } from '../errors';
import {
  newId,
  nowIso,
  REFRESH_TOKEN_TTL_SECONDS,
  type AuthResponse,
  type LoginBody,
  type RegisterBody,
  type UserRole,
} from '../shared';
import { commit, type Ctx } from './context';

function issue(ctx: Ctx, user: UserRow, familyId: string = newId()): AuthResponse {
  const { token, hash } = newRefreshToken();
  const now = new Date();
  ctx.store.tokens.insert({
    token_hash: hash,
    user_id: user.id,
    family_id: familyId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000).toISOString(),
  });
  return { user: userDoc(user, user.id), access_token: ctx.tokens.sign(user.id), refresh_token: token };
}

/** Creates an account. Self-registration is for clients and cleaners; operators make the rest. */
export async function createAccount(
  ctx: Ctx,
  body: Omit<RegisterBody, 'role'> & { role: UserRole; avatar_url?: string | null },
): Promise<UserRow> {
  if (ctx.store.users.byUsername(body.username)) throw new AppError('username_taken', 'That username is taken');
  if (ctx.store.users.byEmail(body.email)) throw new AppError('email_taken', 'That email is already registered');
  const password_hash = await hashPassword(body.password);
  const now = nowIso();
  const row: UserRow = {
    id: newId(),
    username: body.username,
    email: body.email.toLowerCase(),
    password_hash,
    first_name: body.first_name,
    last_name: body.last_name,
    role: body.role,
    avatar_url: body.avatar_url ?? null,
    created_at: now,
    updated_at: now,
  };
  // The hash ran outside the database; check again so a concurrent registration loses cleanly.
  if (ctx.store.users.byUsername(row.username)) throw new AppError('username_taken', 'That username is taken');
  if (ctx.store.users.byEmail(row.email)) throw new AppError('email_taken', 'That email is already registered');
  commit(ctx, (rec) => {
    ctx.store.users.insert(row);
    rec.changed('users', row.id);
  });
  return row;
}

export async function register(ctx: Ctx, body: RegisterBody): Promise<AuthResponse> {
  return issue(ctx, await createAccount(ctx, body));
}

export async function login(ctx: Ctx, body: LoginBody): Promise<AuthResponse> {
  const user = 'username' in body ? ctx.store.users.byUsername(body.username) : ctx.store.users.byEmail(body.email);
  const ok = await verifyPassword(body.password, user?.password_hash ?? (await decoyHash()));
  if (!user || !ok) throw new AppError('invalid_credentials', 'Wrong username, email or password');
  return issue(ctx, user);
}

/**
 * Rotates a refresh token: the old one stops working. Presenting an already-rotated token means
 * it leaked, so the whole family (including its newest token) is revoked.
 */
export function refresh(ctx: Ctx, token: string): AuthResponse {
  const hash = hashRefreshToken(token);
  const row = ctx.store.tokens.byHash(hash);
  const now = nowIso();
  if (!row || row.revoked_at || row.expires_at <= now) throw new AppError('invalid_token', 'Refresh token is not valid');
  const user = ctx.store.users.byId(row.user_id);
  const consumed = ctx.store.db.transaction(() => ctx.store.tokens.markUsed(hash, now))();
  if (!consumed || !user) {
    ctx.store.tokens.revokeFamily(row.family_id, now);
    throw new AppError('invalid_token', 'Refresh token is not valid');
  }
  return issue(ctx, user, row.family_id);
}

export function logout(ctx: Ctx, callerId: string, token: string): void {
  const row = ctx.store.tokens.byHash(hashRefreshToken(token));
  if (row && row.user_id === callerId) ctx.store.tokens.revokeFamily(row.family_id, nowIso());
}
