import type { z } from 'zod';
import { AppError } from './errors';

/** Parses input with its one schema; anything else is a 400 listing what is wrong. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  const summary = first ? `${first.path || 'body'}: ${first.message}` : 'invalid input';
  throw new AppError('validation_failed', `Invalid request: ${summary}`, issues);
}
