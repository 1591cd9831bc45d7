import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { EmptyState, Loading } from '../../components/EmptyState';
import { formatDateTime, fullName } from '../../components/format';
import { useJob, useUser } from '../../db';
import { useMe } from '../../session';
import type { JobDoc } from '../../../shared/schemas';
import { JobAssignment } from './JobAssignment';
import { fresherJob, jobRoleOf, statusLabel } from './jobFormat';
import './jobs.css';

function PersonLink({ userId, testId }: { userId: string | null; testId: string }) {
  const user = useUser(userId);
  if (!userId) return <span data-testid={testId}>Not assigned yet</span>;
  return (
    <Link to={`/users/${userId}`} data-testid={testId}>
      {fullName(user)}
    </Link>
  );
}

function JobDetails({ job: local }: { job: JobDoc }) {
  const me = useMe();
  const navigate = useNavigate();
  const [answered, setAnswered] = useState<JobDoc | null>(null);
  const job = fresherJob(local, answered);
  const role = jobRoleOf(job, me.id);
  const chatPath = `/jobs/${job.id}/chat`;

  return (
    <div className="cc-page">
      <Link className="cc-page__back" to="/jobs">
        ‹ All jobs
      </Link>
      <h1 className="cc-page__title">{job.title}</h1>
      <div className="cc-card">
        <dl className="cc-job-facts">
          <dt>Address</dt>
          <dd>{job.address}</dd>
          <dt>When</dt>
          <dd>
            <time dateTime={job.scheduled_at}>{formatDateTime(job.scheduled_at)}</time>
          </dd>
          <dt>Status</dt>
          <dd>
            <span className={`cc-status cc-status--${job.status}`} data-testid="job-status">
              {statusLabel(job.status)}
            </span>
          </dd>
          <dt>Client</dt>
          <dd>
            <PersonLink userId={job.client_id} testId="job-client" />
          </dd>
          <dt>Cleaner</dt>
          <dd>
            <PersonLink userId={job.cleaner_id} testId="job-cleaner" />
          </dd>
        </dl>
        <div className="cc-job-actions__row">
          {role === 'client' && job.cleaner_id && (
            <button type="button" className="cc-button cc-button--primary" onClick={() => navigate(chatPath)}>
              Message cleaner
            </button>
          )}
          {role === 'cleaner' && (
            <button type="button" className="cc-button cc-button--primary" onClick={() => navigate(chatPath)}>
              Message client
            </button>
          )}
        </div>
        {role !== 'none' && <JobAssignment job={job} role={role} onChanged={setAnswered} />}
      </div>
    </div>
  );
}

/** Route `/jobs/:jobId`. A job this device does not hold looks the same as one that does not exist. */
export function JobDetailsScreen() {
  const { jobId } = useParams();
  const job = useJob(jobId);
  if (job === undefined) return <Loading label="Loading job…" />;
  if (job === null) {
    return (
      <EmptyState title="Job not found" level={1} icon="search">
        <Link to="/jobs">Back to your jobs</Link>
      </EmptyState>
    );
  }
  return <JobDetails key={job.id} job={job} />;
}
