import { newMessageId, nowIso, type CollectionName, type MessageDoc, type PushRow, type WireDoc } from '../src/shared';

/** A new message document as a client pushes it: pending (`server_seq: 0`). */
export function messageDoc(senderId: string, roomId: string, extra: Partial<MessageDoc> = {}): WireDoc<'messages'> {
  return {
    id: newMessageId(),
    room_id: roomId,
    sender_id: senderId,
    content: 'hello',
    kind: 'text',
    created_at: nowIso(),
    server_seq: 0,
    received_at: null,
    edited_at: null,
    attachment: null,
    location: null,
    deleted: false,
    reply_to_id: null,
    album_id: null,
    ...extra,
    _deleted: false,
  };
}

/** A push row that creates `doc` (no assumed master state). */
export function createRow<C extends CollectionName>(doc: WireDoc<C>): PushRow<C> {
  return { newDocumentState: doc, assumedMasterState: null };
}
