import { describe, expect, it } from 'vitest';
import { createRoomBody } from '../api';
import { emptyRoom, isGroupRoomId, isManagedRoom, isStaffRole, managedRoomId, mayPost, ROOM_MAX_MEMBERS } from './rooms';

describe('who may post (announcement rooms take staff only)', () => {
  it('follows the room, then the account role', () => {
    expect(mayPost({ posting: 'all' }, 'client')).toBe(true);
    expect(mayPost({ posting: 'staff' }, 'client')).toBe(false);
    expect(mayPost({ posting: 'staff' }, 'cleaner')).toBe(false);
    expect(mayPost({ posting: 'staff' }, 'support')).toBe(true);
    expect(mayPost({ posting: 'staff' }, 'admin')).toBe(true);
    expect(mayPost({ posting: 'staff' }, undefined)).toBe(false);
    expect([isStaffRole('support'), isStaffRole('admin'), isStaffRole('client'), isStaffRole('cleaner')]).toEqual([true, true, false, false]);
  });
});

describe('group and announcement rooms', () => {
  it('have owners; DMs, job and support rooms do not', () => {
    expect(['group', 'general', 'direct', 'job', 'support'].map((t) => isManagedRoom({ room_type: t as never }))).toEqual([
      true, true, false, false, false,
    ]);
  });

  it('ids: group:<uuid v7>, made on the device for groups', () => {
    const id = managedRoomId('group');
    expect(isGroupRoomId(id)).toBe(true);
    expect(isGroupRoomId('group:abc')).toBe(false);
    expect(isGroupRoomId(managedRoomId('general'))).toBe(false);
    expect(isGroupRoomId(`dm:${id.slice(6)}`)).toBe(false);
  });

  it('an empty room is open to all posters and has no support status unless told', () => {
    const room = emptyRoom({ id: 'x', room_type: 'support', participant_ids: ['b', 'a'], created_by: 'a', now: '2026-01-01T00:00:00.000Z', status: 'open' });
    expect(room).toMatchObject({ status: 'open', posting: 'all', participant_ids: ['a', 'b'] });
  });

  it('the create body holds at most a full room and needs a real name', () => {
    const many = Array.from({ length: ROOM_MAX_MEMBERS + 1 }, (_, i) => `u${i}`);
    expect(createRoomBody.safeParse({ room_type: 'group', name: 'G', participant_ids: many }).success).toBe(false);
    expect(createRoomBody.safeParse({ room_type: 'group', name: '\u202eevil', participant_ids: ['a', 'b'] }).success).toBe(false);
    expect(createRoomBody.safeParse({ room_type: 'general', name: 'News', participant_ids: ['a'], posting: 'staff' }).success).toBe(true);
    expect(createRoomBody.safeParse({ room_type: 'direct', name: 'x', participant_ids: ['a'] }).success).toBe(false);
  });
});
