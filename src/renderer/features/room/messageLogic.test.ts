import { describe, expect, it } from 'vitest';
import type { MembershipDoc, MessageDoc } from '../../../shared/schemas';
import {
  hasUnreadFromOthers,
  lastOwnMessage,
  newestReceivedAt,
  ownReceipt,
  receiptFor,
  startsGroup,
  startsNewDay,
  typingText,
} from './messageLogic';

function msg(id: string, sender: string, createdAt: string, extra: Partial<MessageDoc> = {}): MessageDoc {
  return {
    id,
    room_id: 'dm:a:b',
    sender_id: sender,
    content: `text ${id}`,
    kind: 'text',
    created_at: createdAt,
    server_seq: 1,
    received_at: createdAt,
    edited_at: null,
    attachment: null,
    location: null,
    deleted: false,
    reply_to_id: null,
    album_id: null,
    ...extra,
  };
}

function member(user: string, lastReadAt: string | null): MembershipDoc {
  return {
    id: `dm:a:b|${user}`,
    room_id: 'dm:a:b',
    user_id: user,
    joined_at: '2025-10-01T00:00:00.000Z',
    last_read_at: lastReadAt,
    archived: false,
    muted: false,
    role: 'member',
    updated_at: '2025-10-01T00:00:00.000Z',
  };
}

const T1 = '2025-10-26T10:00:00.000Z';
const T2 = '2025-10-26T10:01:00.000Z';
const T3 = '2025-10-26T10:02:00.000Z';

describe('read receipts', () => {
  const messages = [msg('1', 'a', T1), msg('2', 'b', T2), msg('3', 'a', T3)];

  it('finds my last message, skipping deleted ones', () => {
    expect(lastOwnMessage(messages, 'a')?.id).toBe('3');
    expect(lastOwnMessage([...messages.slice(0, 2), msg('3', 'a', T3, { deleted: true })], 'a')?.id).toBe('1');
    expect(lastOwnMessage(messages, 'c')).toBeNull();
  });

  it('is Seen when another member read at or after the message', () => {
    const mine = messages[2] as MessageDoc;
    expect(receiptFor(mine, [member('a', T3), member('b', T3)], 'a')).toBe('seen');
    expect(receiptFor(mine, [member('a', T3), member('b', T2)], 'a')).toBe('sent');
    expect(receiptFor(mine, [member('a', T3), member('b', null)], 'a')).toBe('sent');
  });

  it('never counts my own read marker as Seen', () => {
    expect(receiptFor(messages[2] as MessageDoc, [member('a', '2030-01-01T00:00:00.000Z')], 'a')).toBe('sent');
  });

  it('reports a pending message as sending', () => {
    expect(receiptFor(msg('4', 'a', T3, { server_seq: 0 }), [member('b', T3)], 'a')).toBe('sending');
  });

  it('returns the receipt for my last message only', () => {
    expect(ownReceipt(messages, [member('b', T3)], 'a')).toEqual({ messageId: '3', receipt: 'seen', seenBy: ['b'] });
    expect(ownReceipt(messages, [], 'c')).toBeNull();
  });

  it('in a group, says who has seen it: "Seen by N"', () => {
    const readers = [member('b', T3), member('c', T3), member('d', T1), member('a', T3)];
    expect(ownReceipt(messages, readers, 'a')?.seenBy).toEqual(['b', 'c']);
  });

  it('skips notices: the receipt belongs to my last real message, and notices never join a run', () => {
    const notice = msg('4', 'a', T3, { kind: 'system', content: 'Alice added Dave' });
    expect(ownReceipt([...messages, notice], [member('b', T3)], 'a')?.messageId).toBe('3');
    expect(startsGroup(messages[2], notice)).toBe(true);
    expect(startsGroup(notice, msg('5', 'a', T3))).toBe(true);
  });
});

describe('hasUnreadFromOthers', () => {
  const messages = [msg('1', 'a', T1), msg('2', 'b', T2)];
  it('counts newer messages from others', () => {
    expect(hasUnreadFromOthers(messages, 'a', T1)).toBe(true);
    expect(hasUnreadFromOthers(messages, 'a', T2)).toBe(false);
    expect(hasUnreadFromOthers(messages, 'a', null)).toBe(true);
  });
  it('ignores my own and deleted messages', () => {
    expect(hasUnreadFromOthers(messages, 'b', null)).toBe(true);
    expect(hasUnreadFromOthers([msg('1', 'a', T1)], 'a', null)).toBe(false);
    expect(hasUnreadFromOthers([msg('2', 'b', T2, { deleted: true })], 'a', null)).toBe(false);
  });
});

describe('server clock', () => {
  const T = '2025-10-26T10:00:00.000Z';
  const LATER = '2025-10-26T10:05:00.000Z';

  it('a backdated message received after my marker is unread', () => {
    const backdated = msg('m9', 'bob', '2020-01-01T00:00:00.000Z', { received_at: LATER });
    expect(hasUnreadFromOthers([backdated], 'alice', T)).toBe(true);
  });

  it('Seen compares the reader\'s marker with received_at, not the writer\'s clock', () => {
    const ahead = msg('m8', 'alice', '2030-01-01T00:00:00.000Z', { received_at: T });
    expect(receiptFor(ahead, [member('bob', LATER)], 'alice')).toBe('seen');
    const late = msg('m7', 'alice', T, { received_at: LATER });
    expect(receiptFor(late, [member('bob', T)], 'alice')).toBe('sent');
  });

  it('newestReceivedAt skips pending messages', () => {
    const pending = msg('p', 'alice', '2031-01-01T00:00:00.000Z', { server_seq: 0, received_at: null });
    expect(newestReceivedAt([msg('a', 'bob', T, { received_at: LATER }), pending])).toBe(LATER);
    expect(newestReceivedAt([pending])).toBeNull();
  });
});

describe('typingText', () => {
  it('names one or two people and summarises more', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Bob'])).toBe('Bob is typing…');
    expect(typingText(['Bob', 'Carol'])).toBe('Bob and Carol are typing…');
    expect(typingText(['Bob', 'Carol', 'Dave'])).toBe('Several people are typing…');
  });
});

describe('grouping', () => {
  it('starts a group on a new sender, a new day or a long pause', () => {
    const first = msg('1', 'a', T1);
    expect(startsGroup(undefined, first)).toBe(true);
    expect(startsGroup(first, msg('2', 'a', T2))).toBe(false);
    expect(startsGroup(first, msg('2', 'b', T2))).toBe(true);
    expect(startsGroup(first, msg('2', 'a', '2025-10-26T10:30:00.000Z'))).toBe(true);
  });
  it('detects day changes in local time', () => {
    const lateEvening = new Date(2025, 9, 26, 23, 59).toISOString();
    const nextMorning = new Date(2025, 9, 27, 0, 1).toISOString();
    expect(startsNewDay(msg('1', 'a', lateEvening), msg('2', 'a', nextMorning))).toBe(true);
    expect(startsNewDay(msg('1', 'a', T1), msg('2', 'a', T2))).toBe(false);
  });
});
