import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../src/db/store';
import { nowIso, type RoomDoc } from '../src/shared';
import { freshDatabase, type TestDatabase } from './helpers';

const opened: Array<{ store: Store; db: TestDatabase }> = [];
afterEach(async () => {
  for (const { store, db } of opened.splice(0)) {
    await store.close();
    await db.drop();
  }
});

async function freshStore(): Promise<Store> {
  const db = await freshDatabase();
  const store = await createStore(db);
  opened.push({ store, db });
  return store;
}

async function user(store: Store, id: string): Promise<void> {
  const now = nowIso();
  await store.users.insert({
    id, username: id, email: `${id}@example.com`, password_hash: 'x', first_name: id, last_name: 'T',
    role: 'client', avatar_url: null, created_at: now, updated_at: now,
  });
}

/** participant_ids is read from the active memberships, never kept as a second copy (issue 7 §1). */
describe('room participants', () => {
  it('follow the active memberships, whatever the room document written said', async () => {
    const store = await freshStore();
    for (const id of ['ann', 'bob', 'cy']) await user(store, id);
    const now = nowIso();
    const room: RoomDoc = {
      id: 'group-1', room_type: 'group', name: 'G', job_id: null, participant_ids: ['someone-else'],
      created_by: 'ann', created_at: now, updated_at: now,
      last_message_content: null, last_message_time: null, last_message_sender_id: null, status: null, posting: 'all',
    };
    await store.rooms.insert(room);
    expect((await store.rooms.byId(room.id))?.participant_ids).toEqual([]);
    await store.memberships.join('group-1|cy', room.id, 'cy', now);
    await store.memberships.join('group-1|ann', room.id, 'ann', now);
    await store.memberships.join('group-1|bob', room.id, 'bob', now);
    const bob = await store.memberships.byId('group-1|bob');
    if (!bob) throw new Error('no membership');
    await store.memberships.update({ ...bob, active: 0, updated_at: now });
    await store.rooms.update({ ...room, participant_ids: ['bob'] });

    expect((await store.rooms.byId(room.id))?.participant_ids).toEqual(['ann', 'cy']);
    expect((await store.rooms.forUser('ann')).map((r) => r.participant_ids)).toEqual([['ann', 'cy']]);
    expect(await store.rooms.forUser('bob')).toEqual([]);
    const columns =
      store.sql.dialect === 'postgres'
        ? await store.sql.all<{ name: string }>(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'rooms'",
          )
        : await store.sql.all<{ name: string }>('PRAGMA table_info(rooms)');
    expect(columns.map((c) => c.name)).toContain('room_type');
    expect(columns.map((c) => c.name)).not.toContain('participant_ids');
  });
});
