import { useId, useState, type FormEvent } from 'react';
import { getApi } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { useAppStore } from '../../store';
import { messageContentProblem } from '../../../shared/rules';
import { useOpenRoom } from '../rooms/useOpenRoom';

/**
 * "Contact support" (menu) and "Get help with this job" (job card): the question opens a support
 * room with every support person, or goes into my open one for the same job (SPEC §10). The
 * server makes the room, so this needs a connection.
 */
export function ContactSupportDialog({ jobId, jobTitle, onClose }: { jobId?: string; jobTitle?: string; onClose(): void }) {
  const online = useAppStore((s) => s.connection === 'online');
  const [content, setContent] = useState('');
  const { busy, error, open } = useOpenRoom(onClose);
  const fieldId = useId();
  const problem = content.trim() === '' ? 'Say what you need help with.' : messageContentProblem(content);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (problem) return;
    await open(async () => (await getApi().requestSupport({ content: content.trim(), ...(jobId ? { job_id: jobId } : {}) })).room.id);
  }

  return (
    <Dialog label={jobTitle ? `Get help with ${jobTitle}` : 'Contact support'} onClose={onClose}>
      <form className="cc-new-group" onSubmit={(e) => void submit(e)}>
        <label htmlFor={fieldId}>Your question</label>
        <textarea id={fieldId} className="cc-input" rows={4} value={content} onChange={(e) => setContent(e.target.value)} autoFocus />
        {!online && <p className="cc-hint">Contacting support needs a connection.</p>}
        {error && (
          <p className="cc-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="cc-button cc-button--primary" disabled={problem !== null || busy || !online}>
          Send to support
        </button>
      </form>
    </Dialog>
  );
}
