import { Ajv, type ValidateFunction } from 'ajv';
import { AppError } from '../errors';
import { COLLECTIONS, MESSAGE_LATER_FIELDS, PUSH_BATCH_MAX, SCHEMAS, wireValueProblem, type CollectionName, type PushRow, type WireDoc } from '../shared';

/** RxDB may add these to documents; they are local bookkeeping and are ignored here. */
const LOCAL_FIELDS = ['_meta', '_rev', '_attachments'] as const;

const ajv = new Ajv({ allErrors: false, strict: false });

/** Validators built from the shared RxDB schemas, plus the replication `_deleted` flag. */
const validators = Object.fromEntries(
  COLLECTIONS.map((name) => {
    const schema = SCHEMAS[name] as unknown as { properties: object; required: string[] };
    return [
      name,
      ajv.compile({
        type: 'object',
        properties: { ...schema.properties, _deleted: { type: 'boolean' } },
        required: [...schema.required, '_deleted'],
        additionalProperties: false,
      }),
    ];
  }),
) as Record<CollectionName, ValidateFunction>;

/**
 * Why `doc` is not a valid wire document of the collection, or null when it is: the shared
 * schema, then what a schema cannot say (timestamps parsed strictly, well-formed Unicode).
 */
export function wireDocProblem(collection: CollectionName, doc: unknown): string | null {
  const validate = validators[collection];
  if (!validate(doc)) return ajv.errorsText(validate.errors);
  return wireValueProblem(SCHEMAS[collection] as never, doc as Record<string, unknown>);
}

function clean(collection: CollectionName, doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return doc;
  const copy: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  for (const key of LOCAL_FIELDS) delete copy[key];
  // An older app does not know the fields added since it was built: their absence is their default.
  if (collection === 'messages') {
    for (const [key, value] of Object.entries(MESSAGE_LATER_FIELDS)) if (!(key in copy)) copy[key] = value;
  }
  return copy;
}

/**
 * Checks a whole push body before anything is stored: an array of rows, each with a valid
 * `newDocumentState` and an optional valid `assumedMasterState`. Any fault is a 400 naming the row.
 */
export function parsePushRows<C extends CollectionName>(collection: C, body: unknown): PushRow<C>[] {
  if (!Array.isArray(body)) throw new AppError('validation_failed', 'Invalid request: push body must be an array of rows');
  if (body.length > PUSH_BATCH_MAX) {
    throw new AppError('validation_failed', `Invalid request: at most ${PUSH_BATCH_MAX} rows per push`);
  }
  return body.map((row: unknown, index) => {
    if (typeof row !== 'object' || row === null) throw rowError(index, 'row must be an object');
    const { newDocumentState, assumedMasterState, ...rest } = row as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw rowError(index, `unknown field ${Object.keys(rest)[0]}`);
    const doc = clean(collection, newDocumentState);
    const problem = wireDocProblem(collection, doc);
    if (problem) throw rowError(index, `newDocumentState ${problem}`);
    let assumed: unknown = null;
    if (assumedMasterState !== undefined && assumedMasterState !== null) {
      assumed = clean(collection, assumedMasterState);
      const assumedProblem = wireDocProblem(collection, assumed);
      if (assumedProblem) throw rowError(index, `assumedMasterState ${assumedProblem}`);
    }
    return { newDocumentState: doc as WireDoc<C>, assumedMasterState: assumed as WireDoc<C> | null };
  });
}

function rowError(index: number, message: string): AppError {
  return new AppError('validation_failed', `Invalid request: row ${index}: ${message}`);
}

/** Field-by-field equality of two documents over the given fields. */
export function sameFields<T extends object>(a: T, b: T, fields: readonly (keyof T)[]): boolean {
  return fields.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}
