import { useId, useState } from 'react';
import { Link } from 'react-router';
import { describeError, getApi } from '../../api/client';
import { formatDateTime, fullName } from '../../components/format';
import { useJob, useUser } from '../../db';
import { useAppStore } from '../../store';
import { ContactSupportDialog } from '../support/ContactSupportDialog';
import type { JobDoc, JobStatus, UserDoc } from '../../../shared/schemas';
import './jobs.css';
import { fresherJob, jobRoleOf, statusLabel, type JobRole } from './jobFormat';


/** The one action a job chat offers each side, if any (the server's PATCH /api/jobs/:id decides). */
export function jobCardAction(role: JobRole, status: JobStatus): { label: string; status: 'done' | 'cancelled' } | null {
  if (role === 'cleaner' && status === 'assigned') return { label: 'Mark done', status: 'done' };
  if (role === 'client' && (status === 'open' || status === 'assigned')) return { label: 'Cancel job', status: 'cancelled' };
  return null;
}

/**
 * The job at the top of its chat: title, address, time, status and the other person, with the
 * cleaner's "Mark done" or the client's "Cancel job". Job changes are REST calls, not local
 * writes, so offline the button is disabled and says it needs a connection.
 */
export function JobCard({ jobId, me }: { jobId: string; me: Pick<UserDoc, 'id'> }) {
  const local = useJob(jobId);
  const [answered, setAnswered] = useState<JobDoc | null>(null);
  const job = local ? fresherJob(local, answered) : answered;
  const role = job ? jobRoleOf(job, me.id) : 'none';
  const otherId = job ? (role === 'cleaner' ? job.client_id : job.cleaner_id) : null;
  const other = useUser(otherId);
  const online = useAppStore((s) => s.connection === 'online');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const offlineId = useId();
  const [asking, setAsking] = useState(false);
  if (!job) return null;
  const action = jobCardAction(role, job.status);

  async function run(status: 'done' | 'cancelled') {
    if (!job) return;
    setBusy(true);
    setError(null);
    try {
      setAnswered(await getApi().patchJob(job.id, { status }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="cc-job-card" aria-label={`Job: ${job.title}`} data-testid="job-card">
      <div className="cc-job-card__main">
        <Link to={`/jobs/${job.id}`} className="cc-job-card__title">
          {job.title}
        </Link>
        <span className="cc-job-card__facts">
          {job.address} · <time dateTime={job.scheduled_at}>{formatDateTime(job.scheduled_at)}</time>
          {' · '}
          {role === 'cleaner' ? 'Client' : 'Cleaner'}: {otherId ? fullName(other) : 'not assigned yet'}
        </span>
      </div>
      {/* A live region: a status changed here or on another device is announced. */}
      <span className={`cc-status cc-status--${job.status}`} role="status" data-testid="job-card-status">
        {statusLabel(job.status)}
      </span>
      {action && (
        <button
          type="button"
          className={`cc-button ${action.status === 'done' ? 'cc-button--primary' : 'cc-button--danger'}`}
          disabled={busy || !online}
          aria-describedby={online ? undefined : offlineId}
          onClick={() => void run(action.status)}
        >
          {action.label}
        </button>
      )}
      {role !== 'none' && (
        <button type="button" className="cc-button" onClick={() => setAsking(true)}>
          Get help with this job
        </button>
      )}
      {asking && <ContactSupportDialog jobId={job.id} jobTitle={job.title} onClose={() => setAsking(false)} />}
      {action && !online && (
        <span id={offlineId} className="cc-job-card__offline">
          Needs a connection
        </span>
      )}
      {error && (
        <p className="cc-error cc-job-card__error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
