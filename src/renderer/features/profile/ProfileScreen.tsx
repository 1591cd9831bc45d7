import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { describeError } from '../../api/client';
import { Avatar } from '../../components/Avatar';
import { EmptyState, Loading } from '../../components/EmptyState';
import { fullName, presenceDot, presenceLabel, roleLabel } from '../../components/format';
import { openDm, usePresence, useUser } from '../../db';
import { useMe } from '../../session';
import type { UserDoc } from '../../../shared/schemas';
import { QuickRepliesSettings } from '../quickReplies/QuickRepliesSettings';
import './profile.css';

function Profile({ user }: { user: UserDoc }) {
  const me = useMe();
  const navigate = useNavigate();
  const presence = usePresence(user.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isMe = user.id === me.id;
  const name = fullName(user);

  async function startDm() {
    setBusy(true);
    setError(null);
    try {
      navigate(`/messages/${await openDm(user)}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <div className="cc-profile">
      <Avatar name={name} url={user.avatar_url} size="lg" online={isMe ? undefined : presenceDot(presence)} />
      <h1 className="cc-profile__name">{name}</h1>
      <p className="cc-profile__meta">
        @{user.username} · {roleLabel(user.role)}
      </p>
      {!isMe && (
        <p className={`cc-profile__presence cc-profile__presence--${presence}`} data-testid="presence">
          {presenceLabel(presence)}
        </p>
      )}
      {isMe ? (
        <p className="cc-profile__meta">This is you{user.email ? ` (${user.email})` : ''}.</p>
      ) : (
        <button type="button" className="cc-button cc-button--primary" disabled={busy} onClick={() => void startDm()}>
          Start DM
        </button>
      )}
      {error && (
        <p className="cc-error" role="alert">
          {error}
        </p>
      )}
      {isMe && me.role === 'cleaner' && <QuickRepliesSettings userId={me.id} />}
    </div>
  );
}

/** Route `/users/:userId`: who someone is and a way to message them. */
export function ProfileScreen() {
  const { userId } = useParams();
  const user = useUser(userId);
  if (user === undefined) return <Loading label="Loading profile…" />;
  if (user === null) {
    return (
      <EmptyState title="User not found" level={1} icon="search">
        Only people you share a conversation with are on this device.
      </EmptyState>
    );
  }
  return <Profile key={user.id} user={user} />;
}
