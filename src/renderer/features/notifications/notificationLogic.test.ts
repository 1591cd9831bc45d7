import { describe, expect, it } from 'vitest';
import type { MessageDoc, UserDoc } from '../../../shared/schemas';
import { notificationsFor, roomTypeFromId, type NotifyContext } from './notificationLogic';

const DM = 'dm:alice:bob';
const JOB = 'job:j1';

function msg(id: string, roomId: string, sender: string, createdAt: string, extra: Partial<MessageDoc> = {}): MessageDoc {
  return {
    id,
    room_id: roomId,
    sender_id: sender,
    content: `hello ${id}`,
    kind: 'text',
    created_at: createdAt,
    server_seq: 5,
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

const bob: UserDoc = {
  id: 'bob',
  username: 'bob',
  first_name: 'Bob',
  last_name: 'Builder',
  role: 'cleaner',
  avatar_url: null,
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: '2025-01-01T00:00:00.000Z',
};

const ctx = (over: Partial<NotifyContext> = {}): NotifyContext => ({
  me: 'alice',
  rooms: { [DM]: { roomType: 'direct', muted: false }, [JOB]: { roomType: 'job', muted: false } },
  senders: { bob },
  windowFocused: false,
  since: '2025-10-26T10:00:00.000Z',
  ...over,
});

const NEW = '2025-10-26T10:05:00.000Z';

describe('notificationsFor', () => {
  it('notifies a new DM with the sender name and a preview', () => {
    expect(notificationsFor([msg('1', DM, 'bob', NEW, { content: 'On my\nway' })], ctx())).toEqual([
      { title: 'Bob Builder', body: 'On my way', roomId: DM },
    ]);
  });

  it('says "Photo" or "Voice message (0:12)" for attachments, with the caption (the list preview rule)', () => {
    const attachment = { id: 'a1', name: 'p.jpg', mime: 'image/jpeg', size: 10, width: 4, height: 3, duration_ms: null, thumbnail: null };
    const photo = msg('1', DM, 'bob', NEW, { kind: 'image', content: 'The stain', attachment });
    expect(notificationsFor([photo], ctx())[0]?.body).toBe('Photo: The stain');
    const voice = msg('2', JOB, 'bob', NEW, { kind: 'voice', content: '', attachment: { ...attachment, mime: 'audio/webm', duration_ms: 12_000 } });
    expect(notificationsFor([voice], ctx())[0]?.body).toBe('Voice message (0:12)');
  });

  it('stays quiet while the window is focused, for muted rooms, own and old messages', () => {
    expect(notificationsFor([msg('1', DM, 'bob', NEW)], ctx({ windowFocused: true }))).toEqual([]);
    expect(notificationsFor([msg('1', DM, 'bob', NEW)], ctx({ rooms: { [DM]: { roomType: 'direct', muted: true } } }))).toEqual([]);
    expect(notificationsFor([msg('1', DM, 'alice', NEW)], ctx())).toEqual([]);
    expect(notificationsFor([msg('1', DM, 'bob', '2025-10-26T09:00:00.000Z')], ctx())).toEqual([]);
  });

  it('skips group rooms and sends one notification per room, for its newest message', () => {
    const result = notificationsFor(
      [
        msg('1', JOB, 'bob', '2025-10-26T10:06:00.000Z'),
        msg('2', JOB, 'bob', '2025-10-26T10:07:00.000Z'),
        msg('3', 'group-1', 'bob', NEW),
      ],
      ctx({ rooms: { [JOB]: { roomType: 'job', muted: false }, 'group-1': { roomType: 'group', muted: false } } }),
    );
    expect(result).toEqual([{ title: 'Bob Builder', body: 'hello 2', roomId: JOB }]);
  });

  it('names the job as well as the sender for a job-chat message', () => {
    const rooms = { [JOB]: { roomType: 'job', muted: false, name: 'Deep clean, 2-bed flat' } };
    expect(notificationsFor([msg('1', JOB, 'bob', NEW)], ctx({ rooms }))).toEqual([
      { title: 'Bob Builder · Deep clean, 2-bed flat', body: 'hello 1', roomId: JOB },
    ]);
  });

  it('handles rooms and senders not on the device yet', () => {
    const result = notificationsFor([msg('1', 'dm:alice:zed', 'zed', NEW)], ctx({ rooms: {}, senders: {} }));
    expect(result).toEqual([{ title: 'New message', body: 'hello 1', roomId: 'dm:alice:zed' }]);
  });
});

describe('roomTypeFromId', () => {
  it('reads DM and job ids', () => {
    expect(roomTypeFromId('dm:a:b')).toBe('direct');
    expect(roomTypeFromId('job:1')).toBe('job');
    expect(roomTypeFromId('0199-abc')).toBeNull();
  });
});
