import { z } from 'zod';
import { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, SEARCH_QUERY_MAX_LENGTH, USERNAME_PATTERN } from './limits';
import { checkPassword } from './passwords';
import type { JobDoc, MembershipDoc, MessageAttachment, MessageDoc, ReactionDoc, RoomDoc, UserDoc } from './schemas';
import { displayTextProblem, emojiProblem, isTimestamp, messageContentProblem, normalizeDisplayText, ROOM_MAX_MEMBERS } from './rules';
import { JOB_STATUSES, ROOM_POSTINGS, ROOM_STATUSES, USER_ROLES } from './schemas';

/**
 * Request bodies of the REST API (SPEC §3): one strict schema per body, shared by the server
 * (which refuses anything else with 400) and the client (which checks forms before sending).
 */
const timestamp = z
  .string()
  .refine(isTimestamp, 'must be a real date and time in ISO-8601 UTC with milliseconds');

/** A name or title people read: trimmed, NFC, and refused when it shows nothing or can lie (bidi). */
const displayText = (max: number) =>
  z
    .string()
    .superRefine((s, ctx) => {
      const problem = displayTextProblem(s, max);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform(normalizeDisplayText);

/** A person's name: the display-text rule, worded for the registration form. */
const personName = (what: string) =>
  z
    .string()
    .superRefine((s, ctx) => {
      if (s.trim() === '') return void ctx.addIssue({ code: 'custom', message: `Enter your ${what}.` });
      const problem = displayTextProblem(s, NAME_MAX_LENGTH);
      if (problem) ctx.addIssue({ code: 'custom', message: `Your ${what} ${problem}.` });
    })
    .transform(normalizeDisplayText);

/**
 * Registration. Its messages are plain sentences, shown next to their fields by the form and sent
 * by the server in `error.details`. The password check is asynchronous (the common-password list
 * loads on demand), so parse it with `safeParseAsync`; a synchronous parse throws.
 */
export const registerBody = z.strictObject({
  username: z
    .string()
    .regex(USERNAME_PATTERN, 'Use 3 to 32 letters, digits, "_", "." or "-", with no spaces.'),
  email: z
    .email('Enter an email address such as name@example.com.')
    .max(254, 'That email address is too long.'),
  password: z.string().superRefine(async (password, ctx) => {
    const problem = await checkPassword(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  first_name: personName('first name'),
  last_name: personName('last name'),
  role: z.enum(['client', 'cleaner'], 'Choose client or cleaner.'),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.union([
  z.strictObject({
    username: z.string().min(1).max(254),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  }),
  z.strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
]);
export type LoginBody = z.infer<typeof loginBody>;

export const refreshBody = z.strictObject({ refresh_token: z.string().min(1).max(512) });
export const logoutBody = refreshBody;

export const createJobBody = z.strictObject({
  title: displayText(200),
  address: z.string().trim().min(1).max(500),
  scheduled_at: timestamp,
  cleaner_id: z.string().min(1).max(100).nullable().optional(),
});
export type CreateJobBody = z.infer<typeof createJobBody>;

export const patchJobBody = z
  .strictObject({
    cleaner_id: z.string().min(1).max(100).nullable().optional(),
    status: z.enum(JOB_STATUSES).optional(),
    title: displayText(200).optional(),
    address: z.string().trim().min(1).max(500).optional(),
    scheduled_at: timestamp.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type PatchJobBody = z.infer<typeof patchJobBody>;

export const startDmBody = z.strictObject({ user_id: z.unknown() });

const messageContent = z.string().superRefine((s, ctx) => {
  const problem = messageContentProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const postMessageBody = z.strictObject({
  id: z.string().min(1).max(64).optional(),
  content: messageContent,
  /** The message this one quotes; it must be in the same room. */
  reply_to_id: z.string().min(1).max(64).nullable().optional(),
});
export type PostMessageBody = z.infer<typeof postMessageBody>;

/** PATCH /rooms/:id/messages/:messageId/: the sender's new text. */
export const editMessageBody = z.strictObject({ content: messageContent });

/** PUT and DELETE /rooms/:id/messages/:messageId/reaction/. */
export const reactionBody = z.strictObject({
  emoji: z.string().superRefine((s, ctx) => {
    const problem = emojiProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
});

export const emptyBody = z.strictObject({});

const userId = z.string().min(1).max(100);
const roomName = displayText(200);

/**
 * POST /api/chat/rooms/: a group (anyone; 2 to 255 others) or an announcement room (`general`,
 * staff only; `posting` defaults to `staff`). The caller may be listed; they are always in it.
 */
export const createRoomBody = z.discriminatedUnion('room_type', [
  z.strictObject({
    room_type: z.literal('group'),
    id: z.string().max(100).optional(),
    name: roomName,
    participant_ids: z.array(userId).max(ROOM_MAX_MEMBERS),
  }),
  z.strictObject({
    room_type: z.literal('general'),
    name: roomName,
    participant_ids: z.array(userId).max(ROOM_MAX_MEMBERS),
    posting: z.enum(ROOM_POSTINGS).optional(),
  }),
]);
export type CreateRoomBody = z.infer<typeof createRoomBody>;

export const addMemberBody = z.strictObject({ user_id: userId });
export const renameRoomBody = z.strictObject({ name: roomName });

/** POST /api/support/: a question, about one of the caller's jobs or none. */
export const supportRequestBody = z.strictObject({
  job_id: z.string().min(1).max(100).optional(),
  content: postMessageBody.shape.content,
});
export type SupportRequestBody = z.infer<typeof supportRequestBody>;

export const supportQueueQuery = z.strictObject({ status: z.enum(ROOM_STATUSES).optional().default('open') });

export const searchQuery = z.strictObject({
  q: z.string().max(SEARCH_QUERY_MAX_LENGTH).optional().default(''),
  role: z.enum(USER_ROLES).optional(),
});

/** Responses. */
export type PublicUser = Omit<UserDoc, 'email'>;
/** `is_online` is null for people who share no room with the caller: their presence is not the caller's to see. */
export type SearchUser = PublicUser & { is_online: boolean | null };

export interface AuthResponse {
  user: UserDoc;
  access_token: string;
  refresh_token: string;
}

export type RoomWithUnread = RoomDoc & { unread_count: number };
export type DmRoomListItem = RoomWithUnread & { participants: PublicUser[] };

export interface StartDmResponse {
  room: RoomDoc;
  created: boolean;
}

/** POST /api/support/: the room (new, or the caller's open one for that job) and the message. */
export interface SupportRequestResponse {
  room: RoomDoc;
  message: MessageDoc;
  created: boolean;
}

/**
 * One support room in the queue. `waiting_since`: the requester's first message that nobody
 * else has answered yet (the server's clock), or null when support had the last word.
 */
export type SupportQueueItem = RoomWithUnread & { requester: PublicUser | null; waiting_since: string | null };

export interface MessagePage {
  results: MessageDoc[];
  next: string | null;
}

export type { JobDoc, MembershipDoc, MessageDoc, ReactionDoc, RoomDoc, UserDoc };

/**
 * The 201 answer of an upload (SPEC §8): the attachment a message then carries as is (its
 * `thumbnail` a data URL of at most 8 KiB), plus the stored bytes' sha-256.
 */
export interface UploadAnswer extends MessageAttachment {
  sha256: string;
}
