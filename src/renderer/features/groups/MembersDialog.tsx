import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { describeError, getApi } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { fullName, presenceLabel } from '../../components/format';
import { usePresence, useRoomMemberships, useUsers } from '../../db';
import { useMe } from '../../session';
import { useAppStore } from '../../store';
import type { MembershipDoc, RoomDoc, UserDoc } from '../../../shared/schemas';
import { PeopleSearch } from '../people/PeopleSearch';
import { useKnownUsers } from '../people/useKnownUsers';

function MemberRow({ membership, user, me, canManage, onRemove }: { membership: MembershipDoc; user: UserDoc | undefined; me: string; canManage: boolean; onRemove(): void }) {
  const presence = usePresence(membership.user_id === me ? null : membership.user_id);
  const name = membership.user_id === me ? 'You' : fullName(user) || 'Someone';
  return (
    <li className="cc-members__row" data-testid="member" data-user-id={membership.user_id}>
      <span className="cc-members__name">{name}</span>
      {membership.role === 'owner' && <span className="cc-members__role">Owner</span>}
      {membership.user_id !== me && <span className="cc-members__presence">{presenceLabel(presence)}</span>}
      {canManage && membership.user_id !== me && (
        <button type="button" className="cc-button" onClick={onRemove} aria-label={`Remove ${name}`}>
          Remove
        </button>
      )}
    </li>
  );
}

/**
 * The people in a group or announcement room, with presence. Owners add, remove and rename;
 * everyone may leave. These are REST calls (SPEC §10), so they need a connection.
 */
export function MembersDialog({ room, onClose }: { room: RoomDoc; onClose(): void }) {
  const me = useMe();
  const navigate = useNavigate();
  const memberships = useRoomMemberships(room.id);
  const users = useUsers(memberships.map((m) => m.user_id));
  const { list } = useKnownUsers();
  const online = useAppStore((s) => s.connection === 'online');
  const isOwner = memberships.some((m) => m.user_id === me.id && m.role === 'owner');
  const [name, setName] = useState(room.name);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(describeError(err));
    }
  }
  const rename = (event: FormEvent) => {
    event.preventDefault();
    void run(() => getApi().renameRoom(room.id, name));
  };
  const leave = () =>
    void run(async () => {
      await getApi().leaveRoom(room.id);
      onClose();
      navigate('/messages');
    });

  return (
    <Dialog label="Members" onClose={onClose}>
      {isOwner && (
        <form className="cc-new-group" onSubmit={rename}>
          <label htmlFor={nameId}>Group name</label>
          <input id={nameId} className="cc-input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="cc-button" disabled={!online || name.trim() === '' || name === room.name}>
            Rename
          </button>
        </form>
      )}
      <ul className="cc-members" aria-label={`${memberships.length} members`} data-testid="member-list">
        {memberships.map((m) => (
          <MemberRow
            key={m.id}
            membership={m}
            user={users[m.user_id]}
            me={me.id}
            canManage={isOwner && online}
            onRemove={() => void run(() => getApi().removeMember(room.id, m.user_id))}
          />
        ))}
      </ul>
      {isOwner && (
        <PeopleSearch
          label="Add someone"
          localUsers={list}
          excludeIds={memberships.map((m) => m.user_id)}
          onPick={(user) => void run(() => getApi().addMember(room.id, user.id))}
        />
      )}
      {!online && <p className="cc-hint">Changing members needs a connection.</p>}
      {error && (
        <p className="cc-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="cc-button" onClick={leave} disabled={!online}>
        Leave {room.room_type === 'group' ? 'group' : 'room'}
      </button>
    </Dialog>
  );
}
