import { useCallback, useMemo, useState } from 'react';
import { describeError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { fullName } from '../../components/format';
import { deleteMessage, toggleReaction } from '../../db';
import { useAppStore } from '../../store';
import type { MessageDoc, UserDoc } from '../../../shared/schemas';
import type { MessageActions } from './messageActionsContext';

type Handlers = Omit<MessageActions, 'reactions' | 'originals'>;

/**
 * The message actions of one room: Reply and Edit hand the message to the composer, Delete asks
 * first, Copy and React act at once. What happened is said in a polite live region (`status`).
 */
export function useMessageActionHandlers(
  roomId: string,
  me: string,
  users: Record<string, UserDoc>,
  reveal: (messageId: string) => Promise<boolean>,
  jump: (messageId: string) => void,
) {
  const setComposeTarget = useAppStore((s) => s.setComposeTarget);
  const setNotice = useAppStore((s) => s.setNotice);
  const [status, setStatus] = useState('');
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<MessageDoc | null>(null);

  const actions = useMemo<Handlers>(() => {
    const fail = (err: unknown) => setNotice(describeError(err));
    return {
      me,
      highlightId,
      nameOf: (id) => (id === me ? 'You' : fullName(users[id])),
      reply: (m) => setComposeTarget(roomId, { kind: 'reply', messageId: m.id }),
      edit: (m) => setComposeTarget(roomId, { kind: 'edit', messageId: m.id, text: m.content }),
      remove: (m) => setConfirming(m),
      copy: (m) =>
        void navigator.clipboard
          .writeText(m.content)
          .then(() => setStatus('Message copied'))
          .catch(fail),
      react: (m, emoji) =>
        void toggleReaction(m, emoji)
          .then((done) => setStatus(done === 'added' ? `Reacted with ${emoji}` : `Removed reaction ${emoji}`))
          .catch(fail),
      jumpTo: (id) =>
        void reveal(id).then((found) => (found ? jump(id) : setStatus('The original message is not on this device.'))),
    };
  }, [me, highlightId, users, roomId, setComposeTarget, setNotice, reveal, jump]);

  const confirmDelete = useCallback(() => {
    const message = confirming;
    setConfirming(null);
    if (!message) return;
    deleteMessage(message.id)
      .then(() => {
        setStatus('Message deleted');
        // Its actions button is gone with its content; focus stays on the message itself.
        document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(message.id)}"]`)?.focus();
      })
      .catch((err: unknown) => setNotice(describeError(err)));
  }, [confirming, setNotice]);

  return { actions, status, confirming, confirmDelete, cancelDelete: () => setConfirming(null), setHighlightId };
}

/** "Delete for everyone?": deleting cannot be undone, so it is asked once. */
export function DeleteMessageDialog({ onConfirm, onCancel }: { onConfirm(): void; onCancel(): void }) {
  return (
    <Dialog label="Delete message?" onClose={onCancel}>
      <p>It will be deleted for everyone in this conversation. This cannot be undone.</p>
      <div className="cc-dialog__actions">
        <button type="button" className="cc-button" onClick={onCancel} data-autofocus>
          Cancel
        </button>
        <button type="button" className="cc-button cc-button--danger" onClick={onConfirm} data-testid="confirm-delete">
          Delete
        </button>
      </div>
    </Dialog>
  );
}
