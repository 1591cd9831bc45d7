import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { at, localMessage, openTestDb } from '../test/fakes';
import type { CleanchatDatabase } from './database';
import { roomMessages$, type MessageWindow } from './messages';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

let db: CleanchatDatabase;
const ROOM = 'job:1';

const waitFor = <T>(find: () => T | undefined): Promise<T> =>
  vi.waitFor(() => {
    const found = find();
    if (found === undefined) throw new Error('not yet');
    return found;
  });

beforeEach(async () => {
  db = await openTestDb('alice');
});
afterEach(async () => {
  await db.remove();
});

describe('roomMessages$', SLOW, () => {
  it('orders acknowledged messages by server_seq, then pending ones by created_at', async () => {
    await db.messages.bulkInsert([
      // Client clocks disagree with the server's order; server_seq wins.
      localMessage(ROOM, 'bob', { id: 'a', server_seq: 2, created_at: at(1) }),
      localMessage(ROOM, 'alice', { id: 'b', server_seq: 1, created_at: at(3) }),
      localMessage(ROOM, 'alice', { id: 'p2', server_seq: 0, created_at: at(9) }),
      localMessage(ROOM, 'alice', { id: 'p1', server_seq: 0, created_at: at(8) }),
      localMessage(ROOM, 'bob', { id: 'c', server_seq: 3, created_at: at(2) }),
      localMessage('job:other', 'bob', { id: 'x', server_seq: 4 }),
    ]);
    const { messages, hasOlder } = await firstValueFrom(roomMessages$(db, ROOM, 50));
    expect(messages.map((m) => m.id)).toEqual(['b', 'a', 'c', 'p1', 'p2']);
    expect(hasOlder).toBe(false);
  });

  it('keeps the same object for a message that did not change, so its row need not render again', async () => {
    await db.messages.bulkInsert([localMessage(ROOM, 'bob', { id: 'a', server_seq: 1 })]);
    const windows: MessageWindow[] = [];
    const sub = roomMessages$(db, ROOM, 50).subscribe((w) => windows.push(w));
    try {
      const withA = await waitFor(() => windows.find((w) => w.messages.length === 1));
      await db.messages.bulkInsert([localMessage(ROOM, 'bob', { id: 'b', server_seq: 2 })]);
      const withB = await waitFor(() => windows.find((w) => w.messages.length === 2));
      expect(withB.messages[0]).toBe(withA.messages[0]);
      await (await db.messages.findOne('a').exec())?.incrementalPatch({ content: 'edited' });
      const edited = await waitFor(() => windows.find((w) => w.messages[0]?.content === 'edited'));
      expect(edited.messages[0]).not.toBe(withA.messages[0]);
      expect(edited.messages[1]).toBe(withB.messages[1]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('pages the newest 50 and grows the window on request', async () => {
    await db.messages.bulkInsert(
      Array.from({ length: 120 }, (_, i) =>
        localMessage(ROOM, 'bob', { id: `m${String(i + 1).padStart(3, '0')}`, server_seq: i + 1 }),
      ),
    );
    const first = await firstValueFrom(roomMessages$(db, ROOM, 50));
    expect(first.messages).toHaveLength(50);
    expect(first.messages[0]?.server_seq).toBe(71);
    expect(first.messages.at(-1)?.server_seq).toBe(120);
    expect(first.hasOlder).toBe(true);
    const third = await firstValueFrom(roomMessages$(db, ROOM, 150));
    expect(third.messages).toHaveLength(120);
    expect(third.hasOlder).toBe(false);
  });

  it('moves a message from pending to its place when the server acknowledges it', async () => {
    await db.messages.bulkInsert([
      localMessage(ROOM, 'alice', { id: 'mine', server_seq: 0, created_at: at(1) }),
      localMessage(ROOM, 'bob', { id: 'theirs', server_seq: 5, created_at: at(2) }),
    ]);
    const live = roomMessages$(db, ROOM, 50);
    expect((await firstValueFrom(live)).messages.map((m) => m.id)).toEqual(['theirs', 'mine']);
    await (await db.messages.findOne('mine').exec())?.incrementalPatch({ server_seq: 4 });
    const acked = await firstValueFrom(live.pipe(filter((w) => w.messages[0]?.id === 'mine')));
    expect(acked.messages.map((m) => `${m.id}:${m.server_seq}`)).toEqual(['mine:4', 'theirs:5']);
  });
});
