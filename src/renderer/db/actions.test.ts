import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dmRoomId } from '../../shared/ids';
import { PENDING_SERVER_SEQ } from '../../shared/schemas';
import { at, localMessage, membership, openTestDb, room, user } from '../test/fakes';
import { openDm, sendMessage, setArchived, setMuted, markRoomRead } from './actions';
import type { CleanchatDatabase } from './database';
import { roomMessages$ } from './messages';
import { READ_MARK_SPACING_MS, readMarkTiming } from './read-marks';

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

describe('sendMessage', SLOW, () => {
  it('stores a trimmed pending message written by me', async () => {
    await db.rooms.insert(room(DM, ['alice', 'bob']));
    await sendMessage(DM, '  hello bob  ');
    const [message] = (await db.messages.find().exec()).map((doc) => doc.toJSON());
    expect(message).toMatchObject({
      room_id: DM,
      sender_id: 'alice',
      content: 'hello bob',
      kind: 'text',
      server_seq: PENDING_SERVER_SEQ,
      edited_at: null,
      is_deleted: false,
    });
    expect(message?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const window = await firstValueFrom(roomMessages$(db, DM, 50));
    expect(window.messages.map((m) => m.content)).toEqual(['hello bob']);
    expect(window.messages[0]?.deleted).toBe(false);
  });

  it('refuses empty, oversized and malformed messages', async () => {
    await expect(sendMessage(DM, '   ')).rejects.toThrow(/empty/);
    await expect(sendMessage(DM, 'x'.repeat(4001))).rejects.toThrow(/more than 4000/);
    await expect(sendMessage(DM, 'bad \uD800 text')).rejects.toThrow(/unpaired surrogate/);
    expect(await db.messages.count().exec()).toBe(0);
  });

  it('counts characters as code points: 4,000 emoji are one valid message, stored in NFC', async () => {
    await sendMessage(DM, '😀'.repeat(4000));
    await sendMessage(DM, 'cafe\u0301');
    const contents = (await db.messages.find().exec()).map((doc) => doc.content);
    expect(contents).toContain('😀'.repeat(4000));
    expect(contents).toContain('caf\u00e9');
  });

  it("does not write my membership: the server moves the sender's marker, so one send is one change", async () => {
    await db.memberships.insert(membership(DM, 'alice', { last_read_at: null, updated_at: at(0) }));
    await db.messages.insert(localMessage(DM, 'bob', { created_at: at(5) }));
    await sendMessage(DM, 'answer');
    const mine = await db.memberships.findOne(`${DM}|alice`).exec();
    expect(mine?.toJSON()).toMatchObject({ last_read_at: null, updated_at: at(0) });
  });
});

describe('markRoomRead', SLOW, () => {
  it('uses the server clock: a message stamped ahead by a skewed writer does not drag the marker ahead', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await db.memberships.insert(membership(DM, 'alice', { last_read_at: at(0) }));
    await db.messages.insert(localMessage(DM, 'bob', { created_at: future, received_at: at(5) }));
    await markRoomRead(DM);
    const marker = (await db.memberships.findOne(`${DM}|alice`).exec())?.last_read_at;
    expect(marker! >= at(5)).toBe(true);
    expect(marker! < future).toBe(true);
  });

  it('moves past the newest message on screen even before RxDB has stored it', async () => {
    // The streamed message shows from the arrivals overlay first; reading only the store would
    // leave exactly that message unread (issue 7: every other message stayed unread).
    const shown = new Date(Date.now() + 60_000).toISOString();
    await db.memberships.insert(membership(DM, 'alice', { last_read_at: at(0) }));
    await db.messages.insert(localMessage(DM, 'bob', { received_at: at(5) }));
    await markRoomRead(DM, shown);
    expect((await db.memberships.findOne(`${DM}|alice`).exec())?.last_read_at).toBe(shown);
  });

  it('writes a burst of marks as two membership changes, the second (written when the page goes away) covering the newest shown', async () => {
    await db.memberships.insert(membership(DM, 'alice', { last_read_at: at(0) }));
    await db.messages.insert(localMessage(DM, 'bob', { received_at: at(1) }));
    const writes: string[] = [];
    const sub = db.memberships.$.subscribe((event) => writes.push((event.documentData as { last_read_at: string }).last_read_at));
    const base = Date.now();
    // Streamed messages the store has not caught up with, stamped ahead of this clock: each is newer than the last marker.
    const shown = [1, 2, 3, 4, 5].map((i) => new Date(base + 60_000 + i * 1000).toISOString());
    // As messages arriving in an open room call it: one after another, well inside the spacing
    // (made long here, so nothing below depends on this machine's speed); leaving the page writes the rest.
    readMarkTiming.spacingMs = 600_000;
    const marks: Promise<void>[] = [];
    try {
      for (const time of shown) {
        marks.push(markRoomRead(DM, time));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await marks[0];
      expect(writes).toHaveLength(1);
      window.dispatchEvent(new Event('pagehide'));
      await Promise.all(marks);
    } finally {
      readMarkTiming.spacingMs = READ_MARK_SPACING_MS;
    }
    sub.unsubscribe();
    expect(writes).toHaveLength(2);
    expect(writes[0]! >= shown[0]!).toBe(true);
    const marker = (await db.memberships.findOne(`${DM}|alice`).exec())?.last_read_at ?? '';
    expect(marker >= shown[4]!).toBe(true);
  });

  it('does not write when nothing is newer than the marker', async () => {
    await db.memberships.insert(membership(DM, 'alice', { last_read_at: at(10), updated_at: at(10) }));
    await db.messages.insert(localMessage(DM, 'bob', { created_at: at(50), received_at: at(5) }));
    await markRoomRead(DM, at(5));
    expect((await db.memberships.findOne(`${DM}|alice`).exec())?.updated_at).toBe(at(10));
  });
});

describe('archive and mute', SLOW, () => {
  it('patch my membership', async () => {
    await db.memberships.insert(membership(DM, 'alice'));
    await setArchived(DM, true);
    await setMuted(DM, true);
    expect((await db.memberships.findOne(`${DM}|alice`).exec())?.toJSON()).toMatchObject({
      archived: true,
      muted: true,
    });
  });

  it('explain when the membership has not synced yet', async () => {
    await expect(setArchived('dm:alice:zed', true)).rejects.toThrow(/not finished syncing/);
  });
});

describe('openDm', SLOW, () => {
  it('creates the DM room with the deterministic id and the peer record', async () => {
    const peer = { ...user('bob', { role: 'cleaner' }), is_online: true };
    const roomId = await openDm(peer);
    expect(roomId).toBe(dmRoomId('alice', 'bob'));
    const doc = (await db.rooms.findOne(roomId).exec())?.toJSON();
    expect(doc).toMatchObject({
      id: 'dm:alice:bob',
      room_type: 'direct',
      name: '',
      job_id: null,
      participant_ids: ['alice', 'bob'],
      created_by: 'alice',
      last_message_content: null,
      last_message_time: null,
      last_message_sender_id: null,
    });
    expect((await db.users.findOne('bob').exec())?.toJSON()).not.toHaveProperty('is_online');
  });

  it('is idempotent and never overwrites what the server sent', async () => {
    await db.rooms.insert(
      room('dm:alice:bob', ['alice', 'bob'], { last_message_content: 'from server', created_at: at(1) }),
    );
    await db.users.insert(user('bob', { first_name: 'Robert' }));
    expect(await openDm(user('bob'))).toBe('dm:alice:bob');
    expect(await openDm(user('bob'))).toBe('dm:alice:bob');
    expect(await db.rooms.count().exec()).toBe(1);
    expect((await db.rooms.findOne('dm:alice:bob').exec())?.last_message_content).toBe('from server');
    expect((await db.users.findOne('bob').exec())?.first_name).toBe('Robert');
  });

  it('sorts the participants whatever the order of the ids', async () => {
    const roomId = await openDm(user('aaron'));
    expect(roomId).toBe('dm:aaron:alice');
    expect((await db.rooms.findOne(roomId).exec())?.participant_ids).toEqual(['aaron', 'alice']);
  });
});
