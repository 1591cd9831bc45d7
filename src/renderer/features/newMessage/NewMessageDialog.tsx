import { useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { openDm } from '../../db';
import { useMe } from '../../session';
import type { SearchUser } from '../../../shared/api';
import { PeopleSearch } from '../people/PeopleSearch';
import { useKnownUsers } from '../people/useKnownUsers';
import { toPublicUser } from '../people/userMatch';

interface Props {
  onClose(): void;
}

/**
 * "+ New Message": find a person and open the DM with them. The DM is created locally when new,
 * so this works offline for anyone already on this device (SPEC §5).
 */
export function NewMessageDialog({ onClose }: Props) {
  const me = useMe();
  const navigate = useNavigate();
  const { list } = useKnownUsers();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function pick(user: SearchUser) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const roomId = await openDm(toPublicUser(user));
      onClose();
      navigate(`/messages/${roomId}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog label="New Message" onClose={onClose}>
      <PeopleSearch label="Search people" localUsers={list} excludeIds={[me.id]} onPick={(user) => void pick(user)} autoFocus />
      {error && (
        <p className="cc-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
