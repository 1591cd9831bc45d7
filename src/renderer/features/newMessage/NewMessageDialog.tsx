import { Dialog } from '../../components/Dialog';
import { openDm } from '../../db';
import { useMe } from '../../session';
import type { SearchUser } from '../../../shared/api';
import { PeopleSearch } from '../people/PeopleSearch';
import { useKnownUsers } from '../people/useKnownUsers';
import { toPublicUser } from '../people/userMatch';
import { useOpenRoom } from '../rooms/useOpenRoom';

interface Props {
  onClose(): void;
}

/**
 * "+ New Message": find a person and open the DM with them. The DM is created locally when new,
 * so this works offline for anyone already on this device (SPEC §5).
 */
export function NewMessageDialog({ onClose }: Props) {
  const me = useMe();
  const { list } = useKnownUsers();
  const { error, open } = useOpenRoom(onClose);

  async function pick(user: SearchUser) {
    await open(() => openDm(toPublicUser(user)));
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
