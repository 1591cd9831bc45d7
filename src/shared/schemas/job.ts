import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import { idField, timestampField } from './common';

export const JOB_STATUSES = ['open', 'assigned', 'done', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const jobSchemaLiteral = {
  title: 'job',
  description: 'A cleaning job; its chat room is `job:<id>`.',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    title: { type: 'string', maxLength: 200 },
    address: { type: 'string', maxLength: 500 },
    scheduled_at: timestampField,
    status: { type: 'string', enum: [...JOB_STATUSES], maxLength: 16 },
    client_id: idField,
    cleaner_id: { type: ['string', 'null'], maxLength: 100 },
    created_at: timestampField,
    updated_at: timestampField,
  },
  required: ['id', 'title', 'address', 'scheduled_at', 'status', 'client_id', 'cleaner_id', 'created_at', 'updated_at'],
  additionalProperties: false,
} as const;

export type JobDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof jobSchemaLiteral> & {
  status: JobStatus;
};
export const jobSchema = jobSchemaLiteral as unknown as RxJsonSchema<JobDoc>;
