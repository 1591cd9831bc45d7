import { fullName } from '../../components/format';
import { useUser } from '../../db';
import type { ComposeTarget } from '../../store';
import type { MessageDoc } from '../../../shared/schemas';
import { snippet } from './messageLogic';

/** Above the message box while replying or editing: what it is about, and a way out (also Escape). */
export function ComposeTargetBar({ target, message, onCancel }: { target: ComposeTarget; message: MessageDoc | undefined; onCancel(): void }) {
  const sender = useUser(message?.sender_id);
  const editing = target.kind === 'edit';
  return (
    <div className="cc-composer__target" data-testid="compose-target" data-kind={target.kind}>
      <div className="cc-composer__target-text">
        <strong>{editing ? 'Editing your message' : `Replying to ${fullName(sender)}`}</strong>
        {!editing && message && <span className="cc-composer__target-snippet">{snippet(message.content)}</span>}
      </div>
      <button type="button" className="cc-composer__target-cancel" aria-label={editing ? 'Cancel editing' : 'Cancel reply'} onClick={onCancel}>
        ×
      </button>
    </div>
  );
}
