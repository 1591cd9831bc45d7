import type { RxJsonSchema, WithDeleted } from 'rxdb';
import { messageSchema, type MessageDoc } from '../../shared/schemas';

/**
 * RxDB reserves the top-level name `deleted` on documents (RxDocument.deleted is the
 * replication tombstone flag; dev-mode refuses the schema, error SC17). The wire and the
 * server keep the SPEC's `deleted`; on this device the field is stored as `is_deleted`, and
 * every document leaving src/renderer/db is mapped back to the shared MessageDoc.
 */
export type LocalMessageDoc = Omit<MessageDoc, 'deleted'> & { is_deleted: boolean };

const { deleted: deletedField, ...otherProperties } = messageSchema.properties as Record<string, unknown>;

export const localMessageSchema = {
  ...messageSchema,
  properties: { ...otherProperties, is_deleted: deletedField },
  required: (messageSchema.required as readonly string[]).map((key) =>
    key === 'deleted' ? 'is_deleted' : key,
  ),
} as unknown as RxJsonSchema<LocalMessageDoc>;

/** Storage document (or a plain local doc) to the shared shape the screens use. */
export function toMessageDoc(local: Readonly<LocalMessageDoc>): MessageDoc {
  return {
    id: local.id,
    room_id: local.room_id,
    sender_id: local.sender_id,
    content: local.content,
    kind: local.kind,
    created_at: local.created_at,
    server_seq: local.server_seq,
    received_at: local.received_at,
    edited_at: local.edited_at,
    deleted: local.is_deleted,
    attachment: local.attachment,
    location: local.location,
    reply_to_id: local.reply_to_id,
    album_id: local.album_id,
  };
}

/** Wire document (pulled, streamed or returned as a conflict) to the local shape. */
export function fromWireMessage(wire: WithDeleted<MessageDoc>): WithDeleted<LocalMessageDoc> {
  const { deleted, _deleted, ...rest } = wire;
  return { ...rest, is_deleted: deleted, _deleted };
}

/** The shared shape back to storage (for writes that run a shared rule on a MessageDoc). */
export function toLocalMessage(doc: MessageDoc): LocalMessageDoc {
  const { deleted, ...rest } = doc;
  return { ...rest, is_deleted: deleted };
}

/** Local document to the wire shape for push. */
export function toWireMessage(local: WithDeleted<LocalMessageDoc>): WithDeleted<MessageDoc> {
  const { is_deleted, _deleted, ...rest } = local;
  return { ...rest, deleted: is_deleted, _deleted };
}
