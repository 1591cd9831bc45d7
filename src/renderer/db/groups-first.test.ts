import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, room } from '../test/fakes';
import type { CleanchatDatabase } from './database';
import { pushGroupsFirst, resetGroupsFirst } from './groups-first';

const GROUP = 'group:01a23456-0000-7000-8000-000000000001';
let db: CleanchatDatabase;
let calls: Array<{ method: string; path: string; body: unknown }>;
const http = {
  request: async <T,>(method: string, path: string, options: { body?: unknown } = {}) => {
    calls.push({ method, path, body: options.body });
    return [] as T;
  },
};
const row = (roomId: string) => ({ newDocumentState: { id: `m-${calls.length}`, room_id: roomId } });

beforeEach(async () => {
  resetGroupsFirst();
  calls = [];
  db = await openTestDb('alice');
  await db.rooms.insert(room(GROUP, ['alice', 'bob', 'carol'], { room_type: 'group', name: 'Cleaners' }));
});
afterEach(async () => {
  await db.remove();
});

describe('a group made offline goes up before its messages', { timeout: 30_000 }, () => {
  it('pushes the local group room first, once per session, and nothing for other rooms', async () => {
    await pushGroupsFirst(db, http, 'server-a', [row(GROUP), row(GROUP), row('dm:alice:bob')]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/sync/rooms/push' });
    expect(calls[0]?.body).toEqual([
      { newDocumentState: expect.objectContaining({ id: GROUP, room_type: 'group', _deleted: false }), assumedMasterState: null },
    ]);
    await pushGroupsFirst(db, http, 'server-a', [row(GROUP)]);
    expect(calls).toHaveLength(1);
    // Another server has not seen it.
    await pushGroupsFirst(db, http, 'server-b', [row(GROUP)]);
    expect(calls).toHaveLength(2);
  });

  it('sends nothing for a group this device does not hold, and for plain rooms', async () => {
    await pushGroupsFirst(db, http, 'server-a', [row('group:unknown'), row('job:1')]);
    expect(calls).toHaveLength(0);
  });
});
