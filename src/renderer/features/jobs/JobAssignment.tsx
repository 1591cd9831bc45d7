import { useState } from 'react';
import { describeError, getApi } from '../../api/client';
import type { PatchJobBody } from '../../../shared/api';
import type { JobDoc } from '../../../shared/schemas';
import { CleanerPicker } from '../people/PeopleSearch';

interface Props {
  job: JobDoc;
  role: 'client' | 'cleaner';
  /** The job as the server answered, shown until sync brings the same change. */
  onChanged(job: JobDoc): void;
}

/**
 * What the job's people may change (SPEC §2): the client assigns, replaces or removes the
 * cleaner and may cancel; the assigned cleaner marks the job done. The server decides; its
 * refusal is shown as is.
 */
export function JobAssignment({ job, role, onChanged }: Props) {
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function patch(body: PatchJobBody) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await getApi().patchJob(job.id, body));
      setPicking(false);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  const open = job.status === 'open' || job.status === 'assigned';

  return (
    <div className="cc-job-actions">
      {role === 'client' && open && (
        <div className="cc-job-actions__row">
          <button type="button" className="cc-button" disabled={busy} onClick={() => setPicking(!picking)} aria-expanded={picking}>
            {job.cleaner_id ? 'Change cleaner' : 'Assign cleaner'}
          </button>
          {job.cleaner_id && (
            <button type="button" className="cc-button" disabled={busy} onClick={() => void patch({ cleaner_id: null })}>
              Remove cleaner
            </button>
          )}
          <button type="button" className="cc-button cc-button--danger" disabled={busy} onClick={() => void patch({ status: 'cancelled' })}>
            Cancel job
          </button>
        </div>
      )}
      {role === 'cleaner' && job.status === 'assigned' && (
        <div className="cc-job-actions__row">
          <button type="button" className="cc-button cc-button--primary" disabled={busy} onClick={() => void patch({ status: 'done' })}>
            Mark done
          </button>
        </div>
      )}
      {picking && (
        <div className="cc-job-actions__picker">
          <CleanerPicker
            autoFocus
            excludeIds={job.cleaner_id ? [job.cleaner_id] : []}
            onPick={(user) => void patch({ cleaner_id: user.id })}
          />
        </div>
      )}
      {error && (
        <p className="cc-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
