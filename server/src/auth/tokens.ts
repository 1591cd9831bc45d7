import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../errors';

const ISSUER = 'cleanchat';
const AUDIENCE = 'cleanchat-api';

export interface AccessClaims {
  sub: string;
  exp: number;
  /** The session: the id of the refresh-token family the token was issued with. */
  sid: string;
}

/** How many verified tokens are remembered: a few per signed-in client, evicted oldest first. */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * HS256 access tokens; the algorithm is pinned on both signing and verifying. Each names its
 * session (`sid`), so ending the session (logout, a reused refresh token) ends its access tokens.
 *
 * A token whose signature and claims checked out is remembered by its exact text until it
 * expires: the same string always carries the same claims, so the HMAC, the base64 and JSON
 * decoding and the claim checks need not run again for each of its requests (a client sends
 * the same token for its 15 minutes). Only what verifying the text decides is remembered: the
 * caller still checks the session and the user on every request, and expiry is checked on every
 * hit. A token that failed is never remembered.
 */
export function createAccessTokens(secret: string, ttlSeconds: number, kept = VERIFIED_TOKENS_KEPT) {
  // A KeyObject made once: given the secret as a string, jsonwebtoken first tries to parse it as
  // a PEM public (verify) or private (sign) key on every call and builds the secret key only after
  // that throws, which cost about 3 ms of every authenticated request.
  const key = createSecretKey(Buffer.from(secret));
  // Insertion order is age order: the first key is the oldest.
  const verified = new Map<string, AccessClaims>();
  const remember = (token: string, claims: AccessClaims) => {
    if (verified.size >= kept) verified.delete(verified.keys().next().value as string);
    verified.set(token, claims);
  };
  return {
    sign(userId: string, sessionId: string): string {
      return jwt.sign({ typ: 'access', sid: sessionId }, key, {
        algorithm: 'HS256',
        expiresIn: ttlSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
        subject: userId,
      });
    },
    /** The claims of a valid token; 401 `token_expired` or `invalid_token` otherwise. */
    verify(token: string): AccessClaims {
      const known = verified.get(token);
      if (known) {
        // jsonwebtoken's rule: expired once the current second reaches `exp`.
        if (Math.floor(Date.now() / 1000) < known.exp) return known;
        verified.delete(token);
        throw new AppError('token_expired', 'Access token has expired');
      }
      try {
        const claims = jwt.verify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
        if (
          typeof claims !== 'object' ||
          claims.typ !== 'access' ||
          typeof claims.sub !== 'string' ||
          typeof claims.sid !== 'string' ||
          !claims.exp
        ) {
          throw new AppError('invalid_token', 'Access token is not valid');
        }
        const checked = Object.freeze({ sub: claims.sub, exp: claims.exp, sid: claims.sid });
        remember(token, checked);
        return checked;
      } catch (err) {
        if (err instanceof AppError) throw err;
        if (err instanceof jwt.TokenExpiredError) throw new AppError('token_expired', 'Access token has expired');
        throw new AppError('invalid_token', 'Access token is not valid');
      }
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;

/** Opaque refresh tokens: 256 random bits; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
