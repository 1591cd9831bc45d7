import { describe, expect, it } from 'vitest';
import { notificationTitle, shouldNotify, type NotifyInput } from './notify';

const base: NotifyInput = {
  message: { sender_id: 'bob', room_id: 'dm:alice:bob', deleted: false, server_seq: 7, created_at: '2026-01-01T10:00:00.000Z', received_at: '2026-01-01T10:00:00.000Z' },
  me: 'alice',
  roomType: 'direct',
  muted: false,
  windowFocused: false,
  since: '2026-01-01T09:00:00.000Z',
};

describe('shouldNotify', () => {
  it('notifies a new DM from someone else while the window is not focused', () => {
    expect(shouldNotify(base)).toBe(true);
  });
  it('notifies job-chat messages too', () => {
    expect(shouldNotify({ ...base, roomType: 'job' })).toBe(true);
  });
  it('stays quiet for my own messages, muted rooms, a focused window and deleted messages', () => {
    expect(shouldNotify({ ...base, message: { ...base.message, sender_id: 'alice' } })).toBe(false);
    expect(shouldNotify({ ...base, muted: true })).toBe(false);
    expect(shouldNotify({ ...base, windowFocused: true })).toBe(false);
    expect(shouldNotify({ ...base, message: { ...base.message, deleted: true } })).toBe(false);
  });
  it('does not replay history that arrives with a sync', () => {
    expect(shouldNotify({ ...base, since: '2026-01-02T00:00:00.000Z' })).toBe(false);
  });
  it('tells news from history by the server clock, not the writer\'s', () => {
    expect(shouldNotify({ ...base, message: { ...base.message, created_at: '2001-01-01T00:00:00.000Z' } })).toBe(true);
  });
  it('ignores room types other than DMs and job chats', () => {
    expect(shouldNotify({ ...base, roomType: 'general' })).toBe(false);
  });
});

describe('notificationTitle', () => {
  it('names the job as well as the sender for a job chat', () => {
    expect(notificationTitle('Bob Builder', 'job', 'Deep clean, 2-bed flat')).toBe('Bob Builder · Deep clean, 2-bed flat');
    expect(notificationTitle(null, 'job', 'Deep clean')).toBe('New message · Deep clean');
  });
  it('is the sender alone for a DM, or a job whose name is not on the device yet', () => {
    expect(notificationTitle('Bob Builder', 'direct', 'Bob Builder')).toBe('Bob Builder');
    expect(notificationTitle('Bob Builder', 'job', null)).toBe('Bob Builder');
    expect(notificationTitle('Bob Builder', 'job', '  ')).toBe('Bob Builder');
    expect(notificationTitle(null, 'direct', null)).toBe('New message');
  });
});
