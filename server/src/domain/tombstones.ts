import type { CollectionName, DocTypes, WireDoc } from '../shared';

/** The blank of every timestamp a document may change: schema-valid and carrying no time. */
export const BLANK_TIME = '1970-01-01T00:00:00.000Z';

/**
 * THE redaction of a document a user has lost (SPEC §4: a revoked document carries nothing
 * written after access ended). It keeps only what never changes after creation — ids, kinds,
 * creators and creation times — and blanks every field that can change to a schema-valid empty
 * value, so it still validates against the shared RxDB schema. The recipient's copy is removed
 * on arrival, so nothing is lost by blanking what they could once see.
 */
export function tombstone<C extends CollectionName>(collection: C, doc: DocTypes[C]): WireDoc<C> {
  return { ...redact(collection, doc as DocTypes[CollectionName]), _deleted: true } as unknown as WireDoc<C>;
}

function redact(collection: CollectionName, doc: DocTypes[CollectionName]): DocTypes[CollectionName] {
  switch (collection) {
    case 'users': {
      const { id, role, created_at } = doc as DocTypes['users'];
      return { id, role, created_at, username: '', first_name: '', last_name: '', avatar_url: null, updated_at: BLANK_TIME };
    }
    case 'jobs': {
      const { id, client_id, created_at } = doc as DocTypes['jobs'];
      return {
        id, client_id, created_at,
        title: '', address: '', scheduled_at: BLANK_TIME, status: 'open', cleaner_id: null, updated_at: BLANK_TIME,
      };
    }
    case 'rooms': {
      const { id, room_type, job_id, created_by, created_at, posting } = doc as DocTypes['rooms'];
      return {
        id, room_type, job_id, created_by, created_at, posting,
        name: '', participant_ids: [], updated_at: BLANK_TIME,
        last_message_content: null, last_message_time: null, last_message_sender_id: null, status: null,
      };
    }
    case 'memberships': {
      const { id, room_id, user_id } = doc as DocTypes['memberships'];
      return { id, room_id, user_id, joined_at: BLANK_TIME, last_read_at: null, archived: false, muted: false, updated_at: BLANK_TIME, role: 'member' };
    }
    case 'messages': {
      const { id, room_id, sender_id, kind, created_at, server_seq, received_at } = doc as DocTypes['messages'];
      return {
        id, room_id, sender_id, kind, created_at, server_seq, received_at,
        content: '', edited_at: null, deleted: false, attachment: null, location: null, reply_to_id: null, album_id: null,
      };
    }
    case 'reactions': {
      const { id, message_id, room_id, user_id } = doc as DocTypes['reactions'];
      return { id, message_id, room_id, user_id, emoji: '', updated_at: BLANK_TIME };
    }
  }
}
