import { describe, expect, it } from 'vitest';
import { registerBody, createJobBody, postMessageBody } from '../api';
import {
  acceptReadMarker,
  clampCreatedAt,
  codePointLength,
  countUnread,
  displayTextProblem,
  emptyRoom,
  isSeenBy,
  isTimestamp,
  isUnread,
  isValidMessageContent,
  messageContentProblem,
  normalizeContent,
  readMarker,
} from './index';

const T = '2026-01-01T12:00:00.000Z';
const LATER = '2026-01-01T12:00:05.000Z';

describe('time', () => {
  it('accepts only real instants in the exact wire format', () => {
    expect(isTimestamp(T)).toBe(true);
    expect(isTimestamp('2024-02-29T23:59:59.999Z')).toBe(true);
    for (const bad of [
      '9999-99-99T99:99:99.999Z',
      '2025-02-30T10:00:00.000Z',
      '2025-02-29T10:00:00.000Z',
      '2025-01-01T24:00:00.000Z',
      '2025-01-01T10:00:60.000Z',
      '2025-01-01T10:00:00Z',
      '2025-01-01T10:00:00.000+00:00',
      '2025-01-01 10:00:00.000Z',
      '',
      12,
      null,
    ]) {
      expect(isTimestamp(bad), String(bad)).toBe(false);
    }
  });

  it('keeps a writer time in the past or slightly ahead, pulls a far-future one back to now', () => {
    expect(clampCreatedAt('2025-12-31T08:00:00.000Z', T)).toBe('2025-12-31T08:00:00.000Z');
    expect(clampCreatedAt('2026-01-01T12:04:00.000Z', T)).toBe('2026-01-01T12:04:00.000Z');
    expect(clampCreatedAt('2099-01-01T00:00:00.000Z', T)).toBe(T);
  });

  it('read marker: the later of now and the newest message, never backwards', () => {
    expect(readMarker(null, T, null)).toBe(T);
    expect(readMarker(null, T, LATER)).toBe(LATER);
    expect(readMarker(LATER, T, null)).toBe(LATER);
    expect(readMarker('2025-01-01T00:00:00.000Z', LATER, T)).toBe(LATER);
  });

  it('a pushed marker never moves back and never passes the server now', () => {
    expect(acceptReadMarker(null, '2099-01-01T00:00:00.000Z', T)).toBe(T);
    expect(acceptReadMarker(T, '2000-01-01T00:00:00.000Z', LATER)).toBe(T);
    expect(acceptReadMarker(T, LATER, LATER)).toBe(LATER);
    expect(acceptReadMarker(T, null, LATER)).toBe(T);
  });
});

describe('unread', () => {
  const from = (sender: string, receivedAt: string | null, deleted = false) => ({
    sender_id: sender,
    deleted,
    received_at: receivedAt,
  });

  it("counts others' messages, not deleted, received after my marker", () => {
    expect(isUnread(from('bob', LATER), 'alice', T)).toBe(true);
    expect(isUnread(from('bob', T), 'alice', T)).toBe(false);
    expect(isUnread(from('bob', LATER, true), 'alice', T)).toBe(false);
    expect(isUnread(from('alice', LATER), 'alice', T)).toBe(false);
    expect(isUnread(from('alice', null), 'alice', null)).toBe(false);
    expect(countUnread([from('bob', T), from('bob', LATER), from('alice', LATER)], 'alice', null)).toBe(2);
  });

  it("Seen: the reader's marker is at or after the server time of the message", () => {
    expect(isSeenBy({ received_at: T }, T)).toBe(true);
    expect(isSeenBy({ received_at: LATER }, T)).toBe(false);
    expect(isSeenBy({ received_at: null }, LATER)).toBe(false);
    expect(isSeenBy({ received_at: T }, null)).toBe(false);
  });
});

describe('content', () => {
  it('counts code points: 4,000 emoji fit, 4,001 do not', () => {
    expect(codePointLength('😀😀')).toBe(2);
    expect(isValidMessageContent('😀'.repeat(4000))).toBe(true);
    expect(messageContentProblem('😀'.repeat(4001))).toMatch(/more than 4000/);
    expect(isValidMessageContent(`  ${'x'.repeat(4000)}  `)).toBe(true);
  });

  it('refuses empty text and unpaired surrogates', () => {
    expect(messageContentProblem(' \n\t ')).toMatch(/empty/);
    expect(messageContentProblem('a\uD83D')).toMatch(/unpaired surrogate/);
    expect(messageContentProblem('\uDE00b')).toMatch(/unpaired surrogate/);
  });

  it('normalises once: trimmed, NFC', () => {
    expect(normalizeContent('  cafe\u0301 ')).toBe('caf\u00e9');
    expect(normalizeContent(normalizeContent('e\u0301'))).toBe('\u00e9');
  });

  it('display text refuses invisible, NUL, bidi overrides and overlong names', () => {
    expect(displayTextProblem('Ana', 64)).toBeNull();
    expect(displayTextProblem('José 😀', 64)).toBeNull();
    expect(displayTextProblem('\u200B\u200C\u200D\uFEFF', 64)).toMatch(/visible/);
    expect(displayTextProblem('   ', 64)).toMatch(/visible/);
    expect(displayTextProblem('\u3164', 64)).toMatch(/visible/);
    expect(displayTextProblem('Ana\u0000', 64)).toMatch(/control/);
    expect(displayTextProblem('Ana\u202Egnp.exe', 64)).toMatch(/direction/);
    expect(displayTextProblem('\u2066Ana', 64)).toMatch(/direction/);
    expect(displayTextProblem('x'.repeat(65), 64)).toMatch(/at most 64/);
    expect(displayTextProblem('\uD800', 64)).toMatch(/Unicode/);
  });

  it('the REST bodies use the same rules', async () => {
    const person = {
      username: 'ana',
      email: 'a@x.test',
      password: 'long enough pass',
      last_name: 'B',
      role: 'client',
    };
    expect((await registerBody.safeParseAsync({ ...person, first_name: '\u200B' })).success).toBe(false);
    expect((await registerBody.safeParseAsync({ ...person, first_name: ' Ana ' })).data?.first_name).toBe(
      'Ana',
    );
    const job = { address: '1 St', scheduled_at: T };
    expect(createJobBody.safeParse({ ...job, title: 'Clean\u202E' }).success).toBe(false);
    expect(
      createJobBody.safeParse({ ...job, title: 'Clean', scheduled_at: '9999-99-99T99:99:99.999Z' }).success,
    ).toBe(false);
    expect(postMessageBody.safeParse({ content: '😀'.repeat(4000) }).success).toBe(true);
    expect(postMessageBody.safeParse({ content: 'x\uD800' }).success).toBe(false);
  });
});

describe('emptyRoom', () => {
  it('is the one shape of a room without messages, participants sorted', () => {
    expect(
      emptyRoom({ id: 'dm:a:b', room_type: 'direct', participant_ids: ['b', 'a'], created_by: 'b', now: T }),
    ).toEqual({
      id: 'dm:a:b',
      room_type: 'direct',
      name: '',
      job_id: null,
      participant_ids: ['a', 'b'],
      created_by: 'b',
      created_at: T,
      updated_at: T,
      last_message_content: null,
      last_message_time: null,
      last_message_sender_id: null,
      status: null,
      posting: 'all',
    });
  });
});
