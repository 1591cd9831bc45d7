import { useMemo } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime } from '../../components/format';
import { useNow } from '../../components/RelativeTime';
import { useMyJobs } from '../../db';
import { useMe } from '../../session';
import { CreateJobForm } from './CreateJobForm';
import { sortJobs, statusLabel } from './jobFormat';
import './jobs.css';

/** Route `/jobs`: the jobs I am part of and, for clients, booking a new one. */
export function JobsScreen() {
  const me = useMe();
  const jobs = useMyJobs();
  const now = useNow();
  const sorted = useMemo(() => sortJobs(jobs, new Date(now).toISOString()), [jobs, now]);

  return (
    <div className="cc-page">
      <h1 className="cc-page__title">Jobs</h1>
      <div className="cc-jobs">
        <section className="cc-card" aria-labelledby="my-jobs-heading">
          <h2 id="my-jobs-heading" className="cc-card__title">
            My jobs
          </h2>
          {sorted.length === 0 ? (
            <EmptyState title="No jobs yet" level={3} icon="jobs">
              {me.role === 'client' ? 'Book a cleaning to get started.' : 'Jobs you are assigned to appear here.'}
            </EmptyState>
          ) : (
            <ul className="cc-jobs__list">
              {sorted.map((job) => (
                <li key={job.id}>
                  <Link className="cc-jobs__row" to={`/jobs/${job.id}`} data-testid="job-row" data-job-id={job.id}>
                    <span className="cc-jobs__title">{job.title}</span>
                    <span className="cc-jobs__when">{formatDateTime(job.scheduled_at)}</span>
                    <span className={`cc-status cc-status--${job.status}`}>{statusLabel(job.status)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        {me.role === 'client' && (
          <section className="cc-card" aria-labelledby="new-job-heading">
            <h2 id="new-job-heading" className="cc-card__title">
              Book a cleaning
            </h2>
            <CreateJobForm />
          </section>
        )}
      </div>
    </div>
  );
}
