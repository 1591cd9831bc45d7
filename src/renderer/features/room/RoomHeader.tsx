import { useState } from 'react';
import { isManagedRoom } from '../../../shared/rules';
import { MembersDialog } from '../groups/MembersDialog';
import { Link } from 'react-router';
import { describeError } from '../../api/client';
import { Avatar } from '../../components/Avatar';
import { formatDateTime, fullName, presenceDot, presenceLabel } from '../../components/format';
import { setArchived, setMuted, useJob, usePresence, useUser } from '../../db';
import { useAppStore } from '../../store';
import type { MembershipDoc, RoomDoc } from '../../../shared/schemas';
import { dmPeer } from '../../../shared/ids';
import { statusLabel } from '../jobs/jobFormat';

interface Props {
  room: RoomDoc;
  me: string;
  membership: MembershipDoc | null;
}

/** The other person of a DM: from the deterministic room id, else from the participants. */
export function peerIdOf(room: Pick<RoomDoc, 'id' | 'participant_ids'>, me: string): string | null {
  return dmPeer(room.id, me) ?? room.participant_ids.find((id) => id !== me) ?? null;
}

function DmTitle({ room, me }: { room: RoomDoc; me: string }) {
  const peerId = peerIdOf(room, me);
  const peer = useUser(peerId);
  const presence = usePresence(peerId);
  const name = peer ? fullName(peer) : room.name || 'Direct message';
  return (
    <>
      <Avatar name={name} url={peer?.avatar_url} online={presenceDot(presence)} />
      <div className="cc-room-head__titles">
        <h1 className="cc-room-head__name">{peerId ? <Link to={`/users/${peerId}`}>{name}</Link> : name}</h1>
        <span className={`cc-room-head__sub cc-room-head__sub--${presence}`} data-testid="presence">
          {presenceLabel(presence)}
        </span>
      </div>
    </>
  );
}

function JobTitle({ room }: { room: RoomDoc }) {
  const job = useJob(room.job_id ?? undefined);
  const name = job?.title || room.name || 'Job chat';
  return (
    <>
      <Avatar name={name} />
      <div className="cc-room-head__titles">
        <h1 className="cc-room-head__name">{name}</h1>
        {job && (
          <span className="cc-room-head__sub">
            {formatDateTime(job.scheduled_at)} · {statusLabel(job.status)}
          </span>
        )}
      </div>
    </>
  );
}

function GroupTitle({ room }: { room: RoomDoc }) {
  const name = room.name || 'Conversation';
  return (
    <>
      <Avatar name={name} />
      <div className="cc-room-head__titles">
        <h1 className="cc-room-head__name">{name}</h1>
        <span className="cc-room-head__sub">{room.participant_ids.length} members</span>
      </div>
    </>
  );
}

/** Who the conversation is with, and the per-user actions: archive and mute. */
export function RoomHeader({ room, me, membership }: Props) {
  const setNotice = useAppStore((s) => s.setNotice);
  const [showMembers, setShowMembers] = useState(false);
  const archived = membership?.archived === true;
  const muted = membership?.muted === true;

  function run(action: Promise<void>) {
    action.catch((err: unknown) => setNotice(describeError(err)));
  }

  return (
    <header className="cc-room-head">
      <Link className="cc-room-head__back" to="/messages" aria-label="Back to conversations">
        ‹
      </Link>
      {room.room_type === 'direct' ? <DmTitle room={room} me={me} /> : room.room_type === 'job' ? <JobTitle room={room} /> : <GroupTitle room={room} />}
      <div className="cc-room-head__actions">
        {room.room_type === 'job' && room.job_id && (
          <Link className="cc-button" to={`/jobs/${room.job_id}`}>
            Job details
          </Link>
        )}
        {isManagedRoom(room) && (
          <button type="button" className="cc-button" onClick={() => setShowMembers(true)} data-testid="members-button">
            Members
          </button>
        )}
        <button type="button" className="cc-button" disabled={!membership} onClick={() => run(setMuted(room.id, !muted))}>
          {muted ? 'Unmute' : 'Mute'}
        </button>
        <button type="button" className="cc-button" disabled={!membership} onClick={() => run(setArchived(room.id, !archived))}>
          {archived ? 'Unarchive' : 'Archive'}
        </button>
      </div>
      {showMembers && <MembersDialog room={room} onClose={() => setShowMembers(false)} />}
    </header>
  );
}
