import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { describeError, getApi } from '../../api/client';
import { Avatar } from '../../components/Avatar';
import { fullName } from '../../components/format';
import { createJobBody, type SearchUser } from '../../../shared/api';
import { CleanerPicker } from '../people/PeopleSearch';
import { defaultSchedule, localInputToIso } from './jobFormat';

/** Turns the form into a request body, or says what is wrong with it. */
export function buildJobBody(title: string, address: string, when: string, cleanerId: string | null) {
  const scheduledAt = localInputToIso(when);
  if (!scheduledAt) return { ok: false as const, error: 'Choose a date and time.' };
  const parsed = createJobBody.safeParse({
    title,
    address,
    scheduled_at: scheduledAt,
    ...(cleanerId ? { cleaner_id: cleanerId } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0] === 'title' ? 'Title' : issue?.path[0] === 'address' ? 'Address' : 'Job';
    return { ok: false as const, error: `${field}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true as const, body: parsed.data };
}

/** A client books a cleaning: title, address, time and, optionally, a cleaner right away. */
export function CreateJobForm() {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [address, setAddress] = useState('');
  const [when, setWhen] = useState(() => defaultSchedule(new Date()));
  const [cleaner, setCleaner] = useState<SearchUser | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const built = buildJobBody(title, address, when, cleaner?.id ?? null);
    if (!built.ok) {
      setError(built.error);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const job = await getApi().createJob(built.body);
      navigate(`/jobs/${job.id}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <form className="cc-job-form" onSubmit={(event) => void onSubmit(event)} aria-label="New job">
      <label className="cc-field">
        Title
        <input className="cc-input" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Deep clean, 2-bedroom flat" required />
      </label>
      <label className="cc-field">
        Address
        <input className="cc-input" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="12 Park Lane" required />
      </label>
      <label className="cc-field">
        Date and time
        <input className="cc-input" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} required />
      </label>
      <fieldset className="cc-job-form__cleaner">
        <legend>Cleaner (optional)</legend>
        {cleaner ? (
          <div className="cc-job-form__chosen" data-testid="chosen-cleaner">
            <Avatar name={fullName(cleaner)} url={cleaner.avatar_url} size="sm" />
            <span>{fullName(cleaner)}</span>
            <button type="button" className="cc-button" onClick={() => setCleaner(null)}>
              Remove cleaner
            </button>
          </div>
        ) : (
          <CleanerPicker onPick={setCleaner} />
        )}
      </fieldset>
      {error && (
        <p className="cc-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="cc-button cc-button--primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create job'}
      </button>
    </form>
  );
}
