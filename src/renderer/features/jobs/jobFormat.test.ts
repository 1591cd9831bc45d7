import { describe, expect, it } from 'vitest';
import type { JobDoc } from '../../../shared/schemas';
import { defaultSchedule, fresherJob, jobRoleOf, localInputToIso, sortJobs, statusLabel, toLocalInput } from './jobFormat';

function job(id: string, scheduledAt: string, updatedAt = '2025-10-01T00:00:00.000Z'): JobDoc {
  return {
    id,
    title: `Job ${id}`,
    address: '1 Main St',
    scheduled_at: scheduledAt,
    status: 'open',
    client_id: 'alice',
    cleaner_id: 'bob',
    created_at: '2025-10-01T00:00:00.000Z',
    updated_at: updatedAt,
  };
}

describe('datetime-local conversion', () => {
  it('round-trips local time through the wire format', () => {
    const iso = localInputToIso('2025-10-26T09:30');
    expect(iso).toBe(new Date(2025, 9, 26, 9, 30).toISOString());
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(toLocalInput(new Date(iso as string))).toBe('2025-10-26T09:30');
  });
  it('rejects values that are not dates', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('tomorrow')).toBeNull();
    expect(localInputToIso('2025-13-45T99:99')).toBeNull();
  });
  it('suggests tomorrow at ten', () => {
    expect(defaultSchedule(new Date(2025, 11, 31, 18, 45))).toBe('2026-01-01T10:00');
  });
});

describe('jobs', () => {
  it('labels statuses', () => {
    expect(statusLabel('cancelled')).toBe('Cancelled');
  });
  it('prefers the fresher copy of a job', () => {
    const local = job('1', '2025-11-01T10:00:00.000Z', '2025-10-01T00:00:00.000Z');
    const answered = { ...local, status: 'assigned' as const, updated_at: '2025-10-02T00:00:00.000Z' };
    expect(fresherJob(local, answered).status).toBe('assigned');
    expect(fresherJob({ ...local, updated_at: '2025-10-03T00:00:00.000Z' }, answered).status).toBe('open');
    expect(fresherJob(local, null)).toBe(local);
    expect(fresherJob(local, { ...answered, id: '2' })).toBe(local);
  });
  it('knows who is the client and who the cleaner', () => {
    const j = job('1', '2025-11-01T10:00:00.000Z');
    expect(jobRoleOf(j, 'alice')).toBe('client');
    expect(jobRoleOf(j, 'bob')).toBe('cleaner');
    expect(jobRoleOf(j, 'carol')).toBe('none');
  });
  it('lists upcoming jobs soonest first, then past jobs newest first', () => {
    const now = '2025-10-26T12:00:00.000Z';
    const jobs = [
      job('past-old', '2025-09-01T10:00:00.000Z'),
      job('later', '2025-12-01T10:00:00.000Z'),
      job('past-new', '2025-10-20T10:00:00.000Z'),
      job('soon', '2025-10-27T10:00:00.000Z'),
    ];
    expect(sortJobs(jobs, now).map((j) => j.id)).toEqual(['soon', 'later', 'past-new', 'past-old']);
  });
});
