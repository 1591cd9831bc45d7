import type { RoomDoc, RoomType } from '../schemas/room';

/**
 * The shape of a room with no messages yet, written the same way by the client (a DM opened
 * offline) and the server (DMs, job rooms). Participants are stored sorted (SPEC §2).
 */
export function emptyRoom(input: {
  id: string;
  room_type: RoomType;
  name?: string;
  job_id?: string | null;
  participant_ids: readonly string[];
  created_by: string;
  now: string;
}): RoomDoc {
  return {
    id: input.id,
    room_type: input.room_type,
    name: input.name ?? '',
    job_id: input.job_id ?? null,
    participant_ids: [...new Set(input.participant_ids)].sort(),
    created_by: input.created_by,
    created_at: input.now,
    updated_at: input.now,
    last_message_content: null,
    last_message_time: null,
    last_message_sender_id: null,
  };
}
