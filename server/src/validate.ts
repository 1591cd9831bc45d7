import type { z } from 'zod';
import { AppError } from './errors';

function refuse(error: z.ZodError): never {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  const summary = first ? `${first.path || 'body'}: ${first.message}` : 'invalid input';
  throw new AppError('validation_failed', `Invalid request: ${summary}`, issues);
}

/** Parses input with its one schema; anything else is a 400 listing what is wrong. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  return refuse(result.error);
}

/** `parse` for schemas with asynchronous checks (registration's common-password list). */
export async function parseAsync<S extends z.ZodType>(schema: S, input: unknown): Promise<z.infer<S>> {
  const result = await schema.safeParseAsync(input ?? {});
  if (result.success) return result.data;
  return refuse(result.error);
}
