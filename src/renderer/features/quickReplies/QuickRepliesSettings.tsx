import { useState, type FormEvent } from 'react';
import { QUICK_REPLIES_MAX, QUICK_REPLY_MAX_CHARS, useQuickReplies } from './quickReplies';

/**
 * A cleaner's own ready answers, edited on their profile. Stored on this device only for now:
 * they do not follow the cleaner to another computer (docs/client.md).
 */
export function QuickRepliesSettings({ userId }: { userId: string }) {
  const [saved, save] = useQuickReplies(userId);
  const [rows, setRows] = useState<string[]>(saved);
  const [status, setStatus] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save(rows);
    setStatus('Quick replies saved on this device.');
  }

  function update(index: number, text: string) {
    setRows(rows.map((r, i) => (i === index ? text : r)));
    setStatus('');
  }

  return (
    <form className="cc-quick-replies-settings" onSubmit={onSubmit} aria-labelledby="quick-replies-title">
      <h2 id="quick-replies-title">Quick replies</h2>
      <p className="cc-profile__meta">Type “/” in a message to use them. They are kept on this device only.</p>
      {rows.map((text, i) => (
        <div className="cc-quick-replies-settings__row" key={i}>
          <input
            className="cc-input"
            aria-label={`Quick reply ${i + 1}`}
            value={text}
            maxLength={QUICK_REPLY_MAX_CHARS}
            onChange={(event) => update(i, event.target.value)}
          />
          <button type="button" className="cc-button" aria-label={`Remove quick reply ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <div className="cc-job-actions__row">
        <button type="button" className="cc-button" disabled={rows.length >= QUICK_REPLIES_MAX} onClick={() => setRows([...rows, ''])}>
          Add a reply
        </button>
        <button type="submit" className="cc-button cc-button--primary">
          Save
        </button>
      </div>
      <p role="status">{status}</p>
    </form>
  );
}
