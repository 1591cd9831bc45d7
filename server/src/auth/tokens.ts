import { createHash, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../errors';

const ISSUER = 'cleanchat';
const AUDIENCE = 'cleanchat-api';

export interface AccessClaims {
  sub: string;
  exp: number;
}

/** HS256 access tokens; the algorithm is pinned on both signing and verifying. */
export function createAccessTokens(secret: string, ttlSeconds: number) {
  return {
    sign(userId: string): string {
      return jwt.sign({ typ: 'access' }, secret, {
        algorithm: 'HS256',
        expiresIn: ttlSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
        subject: userId,
      });
    },
    /** The claims of a valid token; 401 `token_expired` or `invalid_token` otherwise. */
    verify(token: string): AccessClaims {
      try {
        const claims = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
        if (typeof claims !== 'object' || claims.typ !== 'access' || typeof claims.sub !== 'string' || !claims.exp) {
          throw new AppError('invalid_token', 'Access token is not valid');
        }
        return { sub: claims.sub, exp: claims.exp };
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
