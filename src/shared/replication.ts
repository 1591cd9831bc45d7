import type { CollectionName, DocTypes } from './schemas';

/**
 * A pull checkpoint. Clients treat it as opaque and send back what they got; the server
 * encodes its per-user change-feed position in it.
 */
export interface SyncCheckpoint {
  seq: number;
}

export type WireDoc<C extends CollectionName> = DocTypes[C] & { _deleted: boolean };

export interface PullResponse<C extends CollectionName = CollectionName> {
  documents: WireDoc<C>[];
  checkpoint: SyncCheckpoint | null;
}

export interface PushRow<C extends CollectionName = CollectionName> {
  newDocumentState: WireDoc<C>;
  assumedMasterState?: WireDoc<C> | null;
}

/** The push answer: the server's current state of every row that conflicted. */
export type PushResponse<C extends CollectionName = CollectionName> = WireDoc<C>[];

/** Data of a document-change event on the stream. */
export interface StreamChangeEvent<C extends CollectionName = CollectionName> {
  collection: C;
  documents: WireDoc<C>[];
  checkpoint: SyncCheckpoint;
}

export const RESYNC = 'RESYNC';

/** `event: typing` data. */
export interface TypingEvent {
  room_id: string;
  user_id: string;
  at: string;
}

/** `event: presence` data: online while the user has at least one stream open. */
export interface PresenceEvent {
  user_id: string;
  online: boolean;
}

export const STREAM_EVENTS = { typing: 'typing', presence: 'presence' } as const;
