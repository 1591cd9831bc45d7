import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../src/db/store';
import { nowIso, type RoomDoc } from '../src/shared';

const opened: Array<{ store: Store; dir: string }> = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function freshStore(): Promise<Store> {
  const dir = await mkdtemp(join(tmpdir(), 'cleanchat-participants-'));
  const store = createStore(dir);
  opened.push({ store, dir });
  return store;
}

function user(store: Store, id: string): void {
  const now = nowIso();
  store.users.insert({
    id, username: id, email: `${id}@example.com`, password_hash: 'x', first_name: id, last_name: 'T',
    role: 'client', avatar_url: null, created_at: now, updated_at: now,
  });
}

/** participant_ids is read from the active memberships, never kept as a second copy (issue 7 §1). */
describe('room participants', () => {
  it('follow the active memberships, whatever the room document written said', async () => {
    const store = await freshStore();
    for (const id of ['ann', 'bob', 'cy']) user(store, id);
    const now = nowIso();
    const room: RoomDoc = {
      id: 'group-1', room_type: 'group', name: 'G', job_id: null, participant_ids: ['someone-else'],
      created_by: 'ann', created_at: now, updated_at: now,
      last_message_content: null, last_message_time: null, last_message_sender_id: null,
    };
    store.rooms.insert(room);
    expect(store.rooms.byId(room.id)?.participant_ids).toEqual([]);
    store.memberships.join('group-1|cy', room.id, 'cy', now);
    store.memberships.join('group-1|ann', room.id, 'ann', now);
    store.memberships.join('group-1|bob', room.id, 'bob', now);
    const bob = store.memberships.byId('group-1|bob');
    if (!bob) throw new Error('no membership');
    store.memberships.update({ ...bob, active: 0, updated_at: now });
    store.rooms.update({ ...room, participant_ids: ['bob'] });

    expect(store.rooms.byId(room.id)?.participant_ids).toEqual(['ann', 'cy']);
    expect(store.rooms.forUser('ann').map((r) => r.participant_ids)).toEqual([['ann', 'cy']]);
    expect(store.rooms.forUser('bob')).toEqual([]);
    const columns = store.db.prepare<[], { name: string }>('PRAGMA table_info(rooms)').all().map((c) => c.name);
    expect(columns).not.toContain('participant_ids');
  });
});
