import type { JobDoc, JobStatus } from '../../../shared/schemas';

const STATUS_LABELS: Record<JobStatus, string> = {
  open: 'Open',
  assigned: 'Assigned',
  done: 'Done',
  cancelled: 'Cancelled',
};

export function statusLabel(status: JobStatus): string {
  return STATUS_LABELS[status];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as the value of an `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) in the wire format, or null when it is not a date. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The suggested time for a new job: tomorrow at 10:00 local time. */
export function defaultSchedule(now: Date): string {
  const date = new Date(now);
  date.setDate(date.getDate() + 1);
  date.setHours(10, 0, 0, 0);
  return toLocalInput(date);
}

/**
 * The fresher of the job the server just answered with and the one in the local database:
 * the screen shows a change at once instead of waiting for it to come back through sync.
 */
export function fresherJob(local: JobDoc, answered: JobDoc | null): JobDoc {
  if (!answered || answered.id !== local.id) return local;
  return answered.updated_at > local.updated_at ? answered : local;
}

export type JobRole = 'client' | 'cleaner' | 'none';

/** How the signed-in user relates to a job, which decides the controls they get. */
export function jobRoleOf(job: Pick<JobDoc, 'client_id' | 'cleaner_id'>, me: string): JobRole {
  if (job.client_id === me) return 'client';
  if (job.cleaner_id === me) return 'cleaner';
  return 'none';
}

/** Jobs in the order a person plans their week: upcoming first by time, then past ones, newest first. */
export function sortJobs(jobs: readonly JobDoc[], nowIso: string): JobDoc[] {
  const upcoming = jobs.filter((j) => j.scheduled_at >= nowIso).sort((a, b) => a.scheduled_at.localeCompare(b.scheduled_at));
  const past = jobs.filter((j) => j.scheduled_at < nowIso).sort((a, b) => b.scheduled_at.localeCompare(a.scheduled_at));
  return [...upcoming, ...past];
}
