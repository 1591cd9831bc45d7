import { TIMESTAMP_PATTERN } from '../schemas/common';
import { hasLoneSurrogate } from './content';
import { isTimestamp } from './time';

interface SchemaLike {
  properties: Record<string, { pattern?: string } | undefined>;
}

/**
 * What a JSON schema cannot say about a replicated document: each timestamp field is a real
 * instant in the exact wire format (the schema's pattern only checks the shape), and no string
 * holds an unpaired surrogate (storage would turn it into U+FFFD, and the replay would then
 * conflict forever). Returns the first fault, or null. Run after the schema validated `doc`.
 */
export function wireValueProblem(schema: SchemaLike, doc: Record<string, unknown>): string | null {
  for (const [field, value] of Object.entries(doc)) {
    const property = schema.properties[field];
    if (property?.pattern === TIMESTAMP_PATTERN && value !== null && !isTimestamp(value)) {
      return `${field} is not a real date and time in ISO-8601 UTC with milliseconds`;
    }
    if (typeof value === 'string' && hasLoneSurrogate(value))
      return `${field} contains invalid Unicode (an unpaired surrogate)`;
    if (Array.isArray(value) && value.some((item) => typeof item === 'string' && hasLoneSurrogate(item))) {
      return `${field} contains invalid Unicode (an unpaired surrogate)`;
    }
  }
  return null;
}
