import { describe, expect, it } from 'vitest';
import { registerBody } from '../../shared/api';
import {
  ApiError,
  describeError,
  errorFromResponse,
  isAuthError,
  isOfflineError,
  offlineError,
} from './errors';

describe('describeError', () => {
  it('explains known codes in plain words', () => {
    expect(describeError(new ApiError(401, 'invalid_credentials', 'x'))).toBe('Wrong username or password.');
    expect(describeError(new ApiError(409, 'username_taken', 'x'))).toMatch(/username is already taken/);
    expect(describeError(offlineError())).toMatch(/Cannot reach the server/);
  });

  it("uses the server's message for other client errors and a generic one for server errors", () => {
    expect(describeError(new ApiError(404, 'not_found', 'Room not found'))).toBe('Room not found');
    expect(describeError(new ApiError(500, 'internal', 'stack trace here'))).toBe(
      'The server had a problem. Try again later.',
    );
  });

  it('names the first invalid form field', async () => {
    const result = await registerBody.safeParseAsync({
      username: 'al',
      email: 'a@b.co',
      password: 'longenough',
      first_name: 'A',
      last_name: 'B',
      role: 'client',
    });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeError(result.error)).toMatch(/^username: /);
  });

  it('falls back for anything else', () => {
    expect(describeError(new Error('Boom'))).toBe('Boom');
    expect(describeError('weird')).toBe('Something went wrong.');
  });
});

describe('error classification', () => {
  it('tells offline and auth failures apart', () => {
    expect(isOfflineError(offlineError())).toBe(true);
    expect(isAuthError(offlineError())).toBe(false);
    expect(isAuthError(new ApiError(401, 'token_expired', 'x'))).toBe(true);
    expect(isOfflineError(new Error('x'))).toBe(false);
  });

  it('builds an ApiError from a response without an envelope', async () => {
    const err = await errorFromResponse(new Response('<html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(err).toMatchObject({ status: 502, code: 'http_502' });
  });

  it('keeps Retry-After from a 429', async () => {
    const res = new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }), {
      status: 429,
      headers: { 'Retry-After': '3' },
    });
    expect(await errorFromResponse(res)).toMatchObject({ code: 'rate_limited', retryAfter: 3 });
  });

  it("keeps the envelope's details, so field errors can go next to their fields", async () => {
    const details = [{ path: 'password', message: 'Too common' }];
    const res = new Response(JSON.stringify({ error: { code: 'validation_failed', message: 'x', details } }), { status: 400 });
    expect(await errorFromResponse(res)).toMatchObject({ code: 'validation_failed', details });
  });
});
