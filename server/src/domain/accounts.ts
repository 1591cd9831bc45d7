import { decoyHash, hashPassword, verifyPassword } from '../auth/passwords';
import { hashRefreshToken, newRefreshToken } from '../auth/tokens';
import type { ChangeRecorder } from '../db/store';
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
import { joinOpenSupportRooms } from './support';

/** Stores a refresh token of the session `familyId` and signs an access token naming that session. */
async function issue(ctx: Ctx, user: UserRow, familyId: string = newId()): Promise<AuthResponse> {
  const { token, hash } = newRefreshToken();
  const now = new Date();
  await ctx.store.tokens.insert({
    token_hash: hash,
    user_id: user.id,
    family_id: familyId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000).toISOString(),
  });
  return { user: userDoc(user, user.id), access_token: ctx.tokens.sign(user.id, familyId), refresh_token: token };
}

type NewAccount = Omit<RegisterBody, 'role'> & { role: UserRole; avatar_url?: string | null };

/** Checks the names are free and hashes the password (through the KDF gate); stores nothing. */
async function prepareAccount(ctx: Ctx, body: NewAccount): Promise<UserRow> {
  if (await ctx.store.users.byUsername(body.username)) throw new AppError('username_taken', 'That username is taken');
  if (await ctx.store.users.byEmail(body.email)) throw new AppError('email_taken', 'That email is already registered');
  const password_hash = await ctx.limits.kdf.run(() => hashPassword(body.password));
  const now = nowIso();
  return {
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
}

/** Stores the account inside the caller's transaction; its own record enters its own feed. */
async function insertAccount(ctx: Ctx, rec: ChangeRecorder, row: UserRow): Promise<void> {
  // The hash ran outside the database; check again so a concurrent registration loses cleanly.
  if (await ctx.store.users.byUsername(row.username)) throw new AppError('username_taken', 'That username is taken');
  if (await ctx.store.users.byEmail(row.email)) throw new AppError('email_taken', 'That email is already registered');
  await ctx.store.users.insert(row);
  rec.changed('users', row.id);
}

/** Creates an account. Self-registration is for clients and cleaners; operators make the rest. */
export async function createAccount(ctx: Ctx, body: NewAccount): Promise<UserRow> {
  const row = await prepareAccount(ctx, body);
  await commit(ctx, (rec) => insertAccount(ctx, rec, row));
  if (row.role === 'support') await joinOpenSupportRooms(ctx, row.id);
  return row;
}

/** The account and its first session in one transaction: a failed write (disk full) leaves neither. */
export async function register(ctx: Ctx, body: RegisterBody): Promise<AuthResponse> {
  const row = await prepareAccount(ctx, body);
  return commit(ctx, async (rec) => {
    await insertAccount(ctx, rec, row);
    return issue(ctx, row);
  });
}

/**
 * Signs in. Failed attempts are limited per account (limits/login-guard.ts) before the KDF runs;
 * an unknown name is limited under its own key and still runs the KDF, so neither the answer nor
 * its timing tells which names exist.
 */
export async function login(ctx: Ctx, body: LoginBody): Promise<AuthResponse> {
  const user = await ('username' in body ? ctx.store.users.byUsername(body.username) : ctx.store.users.byEmail(body.email));
  const account = user ? `user:${user.id}` : `name:${('username' in body ? body.username : body.email).toLowerCase()}`;
  await ctx.limits.logins.begin(account);
  let failed = false;
  try {
    const stored = user?.password_hash ?? (await decoyHash());
    const ok = await ctx.limits.kdf.run(() => verifyPassword(body.password, stored));
    failed = !user || !ok;
  } finally {
    if (!failed) await ctx.limits.logins.succeeded(account);
  }
  if (!user || failed) throw new AppError('invalid_credentials', 'Wrong username, email or password');
  return issue(ctx, user);
}

/** Ends a session on the server: its refresh tokens, its access tokens and its open streams. */
async function endSession(ctx: Ctx, familyId: string): Promise<void> {
  await ctx.store.tokens.revokeFamily(familyId, nowIso());
  ctx.endSession(familyId);
}

/**
 * How long a rotated refresh token may be presented again while its session has not moved on.
 * A refresh whose answer never arrived (the app closed or the page navigated while it was in
 * flight) rotated the token on the server, and the device still holds the old one: without this,
 * its next start looked like a stolen token and ended the session.
 */
export const REFRESH_LOST_ANSWER_MS = 20_000;

/**
 * Rotates a refresh token: the old one stops working, in the same transaction that stores the
 * new one (so a failed write never consumes it). Presenting an already-rotated token means it
 * leaked, so the whole session (including its newest token) ends. One exception, for an answer
 * that was lost: the token rotated less than `REFRESH_LOST_ANSWER_MS` ago, and no token of its
 * session was used since (the successor it was answered with never reached anyone), is rotated
 * once more. Once the successor is used, every older token is theft again.
 */
export async function refresh(ctx: Ctx, token: string): Promise<AuthResponse> {
  const hash = hashRefreshToken(token);
  const row = await ctx.store.tokens.byHash(hash);
  const now = nowIso();
  if (!row || row.revoked_at || row.expires_at <= now) throw new AppError('invalid_token', 'Refresh token is not valid');
  const user = await ctx.store.users.byId(row.user_id);
  const issued = await ctx.store.sql.transaction(async () => {
    if (!user) return null;
    if (!(await ctx.store.tokens.markUsed(hash, now)) && !(await answerWasLost(ctx, hash, now))) return null;
    return issue(ctx, user, row.family_id);
  });
  if (!issued) {
    await endSession(ctx, row.family_id);
    throw new AppError('invalid_token', 'Refresh token is not valid');
  }
  return issued;
}

/** The token was used already: was that use's answer lost (see `refresh`)? */
async function answerWasLost(ctx: Ctx, hash: string, now: string): Promise<boolean> {
  const used = await ctx.store.tokens.byHash(hash);
  if (!used?.used_at || used.revoked_at) return false;
  if (Date.parse(now) - Date.parse(used.used_at) > REFRESH_LOST_ANSWER_MS) return false;
  return !(await ctx.store.tokens.usedSince(used.family_id, used.used_at));
}

/** Logout ends the caller's current session, and the one of the refresh token sent when it is theirs. */
export async function logout(ctx: Ctx, callerId: string, sessionId: string, token: string): Promise<void> {
  const row = await ctx.store.tokens.byHash(hashRefreshToken(token));
  if (row && row.user_id === callerId && row.family_id !== sessionId) await endSession(ctx, row.family_id);
  await endSession(ctx, sessionId);
}
