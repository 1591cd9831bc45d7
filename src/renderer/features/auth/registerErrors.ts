import type { RegisterBody } from '../../../shared/api';
import { ApiError, describeError } from '../../api/client';

export type RegisterField = keyof RegisterBody;
export type FieldErrors = Partial<Record<RegisterField, string>>;

const FIELDS: readonly RegisterField[] = ['username', 'email', 'password', 'first_name', 'last_name', 'role'];

function isField(name: unknown): name is RegisterField {
  return typeof name === 'string' && (FIELDS as readonly string[]).includes(name);
}

/** The first message for each field, from zod issues or the server's `details`. */
export function issuesByField(issues: readonly { path: readonly PropertyKey[] | string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = typeof issue.path === 'string' ? issue.path.split('.')[0] : issue.path[0];
    if (isField(field) && errors[field] === undefined) errors[field] = issue.message;
  }
  return errors;
}

function isDetail(value: unknown): value is { path: string; message: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { path, message } = value as { path?: unknown; message?: unknown };
  return typeof path === 'string' && typeof message === 'string';
}

/**
 * Where a refused registration's reason belongs: next to a field (username or email taken, a
 * field the server's validation named), or, for anything else, above the button (`form`).
 */
export function registerFailure(err: unknown): { fields: FieldErrors; form: string | null } {
  if (err instanceof ApiError && err.code === 'username_taken') return { fields: { username: describeError(err) }, form: null };
  if (err instanceof ApiError && err.code === 'email_taken') return { fields: { email: describeError(err) }, form: null };
  if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
    const fields = issuesByField(err.details.filter(isDetail));
    if (Object.keys(fields).length > 0) return { fields, form: null };
  }
  return { fields: {}, form: describeError(err) };
}
