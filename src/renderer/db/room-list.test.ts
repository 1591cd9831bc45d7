import { firstValueFrom, Subject } from 'rxjs';
import { filter } from 'rxjs/operators';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { at, job, localMessage, membership, openTestDb, room, user } from '../test/fakes';
import type { CleanchatDatabase } from './database';
import { matchesFilter, matchesTab, roomList$, STATS_WAIT_MS, statsOrNothingAfter, unreadTotals, type RoomListItem } from './room-list';
import { countUnread } from '../../shared/rules';
import { toMessageDoc } from './message-codec';
import { unreadCount } from './unread';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

let db: CleanchatDatabase;
const DM = 'dm:alice:bob';

beforeEach(async () => {
  db = await openTestDb('alice');
});
afterEach(async () => {
  await db.remove();
});

describe('unread counting', SLOW, () => {
  it('counts messages from others, not deleted, received after my last_read_at (the shared rule)', async () => {
    const docs = [
      localMessage(DM, 'bob', { created_at: at(1) }),
      localMessage(DM, 'bob', { created_at: at(5) }),
      localMessage(DM, 'bob', { created_at: at(6), is_deleted: true, content: '' }),
      localMessage(DM, 'alice', { created_at: at(7) }),
      localMessage(DM, 'alice', { created_at: at(8), server_seq: 0 }),
      // Backdated by its writer: the server received it late, so it is new.
      localMessage(DM, 'bob', { created_at: at(-600), received_at: at(9) }),
      localMessage('dm:alice:carol', 'carol', { created_at: at(9) }),
    ];
    await db.messages.bulkInsert(docs);
    const inRoom = docs.filter((d) => d.room_id === DM).map(toMessageDoc);
    for (const since of [null, at(0), at(2), at(5), at(8), at(9)]) {
      expect(await unreadCount(db, DM, 'alice', since)).toBe(countUnread(inRoom, 'alice', since));
    }
    expect(await unreadCount(db, DM, 'alice', at(2))).toBe(2);
    expect(await unreadCount(db, DM, 'alice', at(9))).toBe(0);
  });

  it('counts everything from others when the room was never read', async () => {
    await db.messages.bulkInsert([
      localMessage(DM, 'bob'),
      localMessage(DM, 'bob'),
      localMessage(DM, 'alice'),
    ]);
    expect(await unreadCount(db, DM, 'alice', null)).toBe(2);
  });
});

async function listWhere(predicate: (items: RoomListItem[]) => boolean): Promise<RoomListItem[]> {
  return firstValueFrom(roomList$(db, 'alice').pipe(filter(predicate)));
}

/** The three rooms with their counts: the rows come first, the counts follow (STATS_WAIT_MS). */
const counted = (list: RoomListItem[]) => list.length === 3 && list.some((i) => i.unread > 0);

describe('roomList$', SLOW, () => {
  beforeEach(async () => {
    await db.users.bulkInsert([
      user('alice'),
      user('bob', { first_name: 'Bob', last_name: 'Builder' }),
      user('carol'),
    ]);
    await db.jobs.insert(job('1', { title: 'Deep clean' }));
    await db.rooms.bulkInsert([
      room(DM, ['alice', 'bob'], {
        last_message_content: 'old',
        last_message_time: at(10),
        last_message_sender_id: 'bob',
      }),
      room('dm:alice:carol', ['alice', 'carol'], {
        last_message_time: at(20),
        last_message_content: 'hi',
        last_message_sender_id: 'carol',
      }),
      room('job:1', ['alice', 'bob'], {
        last_message_time: at(5),
        last_message_content: 'see you',
        last_message_sender_id: 'bob',
      }),
    ]);
    await db.memberships.bulkInsert([
      membership(DM, 'alice', { last_read_at: at(0) }),
      membership('dm:alice:carol', 'alice', { last_read_at: at(30), archived: true }),
      membership('job:1', 'alice', { last_read_at: null, muted: true }),
      membership(DM, 'bob', { last_read_at: at(99) }),
    ]);
    await db.messages.bulkInsert([
      localMessage(DM, 'bob', { created_at: at(10), content: 'old' }),
      localMessage('job:1', 'bob', { created_at: at(5) }),
      localMessage('job:1', 'bob', { created_at: at(4) }),
    ]);
  });

  it('builds titles, peers, jobs, memberships and unread counts, most recent first', async () => {
    const items = await listWhere(counted);
    expect(items.map((i) => [i.room.id, i.title, i.unread])).toEqual([
      ['dm:alice:carol', 'Carol Test', 0],
      [DM, 'Bob Builder', 1],
      ['job:1', 'Deep clean', 2],
    ]);
    expect(items[1]?.peer?.id).toBe('bob');
    expect(items[2]?.job?.id).toBe('1');
    expect(items[1]?.membership?.user_id).toBe('alice');
  });

  it('shows a pending message as the preview and moves its room to the top at once', async () => {
    await listWhere(counted);
    await db.messages.insert(
      localMessage(DM, 'alice', { created_at: at(40), server_seq: 0, content: 'on my way' }),
    );
    const items = await listWhere((list) => list[0]?.room.id === DM);
    expect(items[0]?.room.last_message_content).toBe('on my way');
    expect(items[0]?.lastActivity).toBe(at(40));
  });

  it('previews a pending photo as "Photo" with its caption', async () => {
    await listWhere(counted);
    const attachment = { id: 'a1', name: 'p.jpg', mime: 'image/jpeg', size: 10, width: 4, height: 3, duration_ms: null, thumbnail: null };
    await db.messages.insert(localMessage(DM, 'alice', { created_at: at(41), server_seq: 0, kind: 'image', content: 'Before', attachment }));
    const items = await listWhere((list) => list[0]?.lastActivity === at(41));
    expect(items[0]?.room.last_message_content).toBe('Photo: Before');
  });

  it('previews a stored photo without a caption as "Photo", though the server\'s room says only its caption', async () => {
    await listWhere(counted);
    const attachment = { id: 'a2', name: 'p.jpg', mime: 'image/jpeg', size: 10, width: 4, height: 3, duration_ms: null, thumbnail: null };
    await db.messages.insert(localMessage(DM, 'bob', { created_at: at(42), received_at: at(42), server_seq: 100_000, kind: 'image', content: '', attachment }));
    const dm = await db.rooms.findOne(DM).exec();
    await dm?.incrementalPatch({ last_message_content: '', last_message_time: at(42), last_message_sender_id: 'bob' });
    const items = await listWhere((list) => counted(list) && list[0]?.lastActivity === at(42));
    expect(items[0]?.room.last_message_content).toBe('Photo');
  });

  it('updates unread live when a message from someone else arrives', async () => {
    await listWhere(counted);
    await db.messages.insert(localMessage(DM, 'bob', { created_at: at(50) }));
    const items = await listWhere((list) => list.find((i) => i.room.id === DM)?.unread === 2);
    expect(items[0]?.room.id).toBe(DM);
  });

  it('asks again in the room whose read marker moved only, not in every room', async () => {
    // Held open, as the app does: each listWhere alone would build the pipeline afresh.
    const sub = roomList$(db, 'alice').subscribe();
    try {
      await listWhere((list) => list.find((i) => i.room.id === DM)?.unread === 1);
      const queries = (['find', 'findOne', 'count'] as const).map((name) => vi.spyOn(db.messages, name));
      const mine = await db.memberships.findOne(`${DM}|alice`).exec();
      await mine?.incrementalPatch({ last_read_at: at(60) });
      await listWhere((list) => list.find((i) => i.room.id === DM)?.unread === 0);
      // One query, the read room's unread ids; before, every room's unread, pending and newest.
      expect(queries.map((q) => q.mock.calls.map((call) => (call[0] as { selector?: { room_id?: string } }).selector?.room_id)).flat()).toEqual([DM]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('keeps the items of unchanged rooms, and emits nothing for a change that shows nowhere', async () => {
    const seen: RoomListItem[][] = [];
    const sub = roomList$(db, 'alice').subscribe((list) => seen.push(list));
    try {
      const before = await listWhere((list) => counted(list) && list.every((i) => i.room.last_message_content !== null));
      const carol = await db.rooms.findOne('dm:alice:carol').exec();
      await carol?.incrementalPatch({ last_message_content: 'new', last_message_time: at(60) });
      const after = await listWhere((list) => list[0]?.room.last_message_content === 'new');
      expect(after[1]).toBe(before.find((i) => i.room.id === DM));
      expect(after[2]).toBe(before.find((i) => i.room.id === 'job:1'));
      const shown = seen.length;

      // My own user document is in no row; then a change that shows, to know the first one passed.
      const me = await db.users.findOne('alice').exec();
      await me?.incrementalPatch({ first_name: 'Alicia' });
      await carol?.incrementalPatch({ last_message_content: 'newer', last_message_time: at(61) });
      await listWhere((list) => list[0]?.room.last_message_content === 'newer');
      expect(seen.length).toBe(shown + 1);
    } finally {
      sub.unsubscribe();
    }
  });

  it('filters by tab and archive state and totals unread without muted rooms', async () => {
    const items = await listWhere(counted);
    const ids = (tab: 'job' | 'direct', f: 'active' | 'archived' | 'all') =>
      items.filter((i) => matchesTab(i, tab) && matchesFilter(i, f)).map((i) => i.room.id);
    expect(ids('direct', 'active')).toEqual([DM]);
    expect(ids('direct', 'archived')).toEqual(['dm:alice:carol']);
    expect(ids('direct', 'all')).toEqual(['dm:alice:carol', DM]);
    expect(ids('job', 'all')).toEqual(['job:1']);
    expect(unreadTotals(items)).toEqual({ job: 0, direct: 1, total: 1 });
  });
});

describe('statsOrNothingAfter (the list does not wait for slow counts)', () => {
  afterEach(() => vi.useRealTimers());

  it('passes counts that come in time straight through, with nothing before them', async () => {
    vi.useFakeTimers();
    const stats = new Subject<string>();
    const seen: Array<string | null> = [];
    const sub = statsOrNothingAfter(stats, 200).subscribe((v) => seen.push(v));
    await vi.advanceTimersByTimeAsync(50);
    stats.next('counts');
    await vi.advanceTimersByTimeAsync(500);
    sub.unsubscribe();
    expect(seen).toEqual(['counts']);
  });

  it('says "nothing yet" once the wait is over, then the counts when they come', async () => {
    vi.useFakeTimers();
    const stats = new Subject<string>();
    const seen: Array<string | null> = [];
    const sub = statsOrNothingAfter(stats, 200).subscribe((v) => seen.push(v));
    await vi.advanceTimersByTimeAsync(199);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([null]);
    stats.next('late counts');
    stats.next('newer counts');
    sub.unsubscribe();
    expect(seen).toEqual([null, 'late counts', 'newer counts']);
  });

  it("lets the list's rows go at once, with no timer, and the counts follow (the list's own wait)", () => {
    vi.useFakeTimers();
    const stats = new Subject<string>();
    const seen: Array<string | null> = [];
    const sub = statsOrNothingAfter(stats, STATS_WAIT_MS).subscribe((v) => seen.push(v));
    // Nothing advanced, no task run: "no counts yet" is there on subscribing.
    expect(seen).toEqual([null]);
    expect(vi.getTimerCount()).toBe(0);
    stats.next('counts');
    sub.unsubscribe();
    expect(seen).toEqual([null, 'counts']);
  });
});
