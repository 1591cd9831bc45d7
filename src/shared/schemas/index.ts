import { jobSchema, type JobDoc } from './job';
import { membershipSchema, type MembershipDoc } from './membership';
import { messageSchema, type MessageDoc } from './message';
import { reactionSchema, type ReactionDoc } from './reaction';
import { roomSchema, type RoomDoc } from './room';
import { userSchema, type UserDoc } from './user';

export * from './common';
export * from './job';
export * from './membership';
export * from './message';
export * from './reaction';
export * from './room';
export * from './user';

/** The replicated collections, in the order a client should pull them. */
export const COLLECTIONS = ['users', 'jobs', 'rooms', 'memberships', 'messages', 'reactions'] as const;
export type CollectionName = (typeof COLLECTIONS)[number];

export interface DocTypes {
  users: UserDoc;
  jobs: JobDoc;
  rooms: RoomDoc;
  memberships: MembershipDoc;
  messages: MessageDoc;
  reactions: ReactionDoc;
}

/** One JSON schema per collection, used by RxDB on the client and by push validation on the server. */
export const SCHEMAS = {
  users: userSchema,
  jobs: jobSchema,
  rooms: roomSchema,
  memberships: membershipSchema,
  messages: messageSchema,
  reactions: reactionSchema,
} as const;

export function isCollectionName(value: string): value is CollectionName {
  return (COLLECTIONS as readonly string[]).includes(value);
}
