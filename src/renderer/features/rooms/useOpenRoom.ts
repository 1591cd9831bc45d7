import { useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '../../api/client';

/**
 * The one way a dialog makes or finds a room and goes there (New Message, New group, Contact
 * support): one attempt at a time; on success the dialog closes and the room opens, on failure
 * the dialog stays with the reason.
 */
export function useOpenRoom(onClose: () => void): {
  busy: boolean;
  error: string | null;
  open(make: () => Promise<string>): Promise<void>;
} {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function open(make: () => Promise<string>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const roomId = await make();
      onClose();
      void navigate(`/messages/${roomId}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }
  return { busy, error, open };
}
