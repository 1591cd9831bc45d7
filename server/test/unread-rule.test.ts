import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessagesRepo } from '../src/db/messages';
import { migrate } from '../src/db/migrations';
import { countUnread, type MessageDoc } from '../src/shared';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();

/** The SQL in db/messages.ts is the shared unread rule written as a query: the two must agree. */
describe('unread SQL and the shared rule', () => {
  it('count the same messages for every reader and marker', () => {
    const db = new Database(':memory:');
    open.push(db);
    db.pragma('foreign_keys = OFF');
    migrate(db);
    const repo = createMessagesRepo(db);
    const senders = ['alice', 'bob', 'carol'];
    const docs: MessageDoc[] = [];
    for (let i = 1; i <= 30; i++) {
      // Writers' clocks run everywhere (backdated, ahead); the server's clock runs forward.
      const doc: MessageDoc = {
        id: `m${i}`,
        room_id: i % 7 === 0 ? 'other' : 'room',
        sender_id: senders[i % 3] as string,
        content: i % 5 === 0 ? '' : `text ${i}`,
        kind: 'text',
        created_at: at((i * 37) % 50),
        server_seq: i,
        received_at: at(i),
        edited_at: null,
        deleted: i % 5 === 0,
      };
      repo.insert(doc);
      docs.push(doc);
    }
    const inRoom = docs.filter((d) => d.room_id === 'room');
    for (const me of senders) {
      for (const marker of [null, at(0), at(3), at(10), at(17), at(29), at(30), at(45)]) {
        expect(repo.unreadCount('room', me, marker), `${me} ${marker}`).toBe(countUnread(inRoom, me, marker));
      }
    }
    expect(repo.newestReceivedAt('room')).toBe(at(30));
  });
});
