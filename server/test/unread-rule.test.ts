import { afterEach, describe, expect, it } from 'vitest';
import { createMessagesRepo } from '../src/db/messages';
import { openSql } from '../src/db/store';
import type { Sql } from '../src/db/sql';
import { countUnread, type MessageDoc } from '../src/shared';
import { freshDatabase, type TestDatabase } from './helpers';

const open: Array<{ sql: Sql; db: TestDatabase }> = [];
afterEach(async () => {
  for (const { sql, db } of open.splice(0)) {
    await sql.close();
    await db.drop();
  }
});

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();

/** The SQL in db/messages.ts is the shared unread rule written as a query: the two must agree. */
describe('unread SQL and the shared rule', () => {
  it('count the same messages for every reader and marker', async () => {
    const db = await freshDatabase();
    const sql = await openSql(db);
    open.push({ sql, db });
    const t = at(0);
    for (const id of ['alice', 'bob', 'carol']) {
      await sql.run(
        `INSERT INTO users (id, username, email, password_hash, first_name, last_name, role, created_at, updated_at)
         VALUES (?, ?, ?, 'x', ?, 'T', 'client', ?, ?)`,
        [id, id, `${id}@example.com`, id, t, t],
      );
    }
    for (const id of ['room', 'other']) {
      await sql.run(`INSERT INTO rooms (id, room_type, name, created_by, created_at, updated_at) VALUES (?, 'group', ?, 'alice', ?, ?)`, [id, id, t, t]);
    }
    const repo = createMessagesRepo(sql);
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
        attachment: null,
        location: null,
        deleted: i % 5 === 0,
        reply_to_id: null,
        album_id: null,
      };
      await repo.insert(doc);
      docs.push(doc);
    }
    const inRoom = docs.filter((d) => d.room_id === 'room');
    for (const me of senders) {
      for (const marker of [null, at(0), at(3), at(10), at(17), at(29), at(30), at(45)]) {
        expect(await repo.unreadCount('room', me, marker), `${me} ${marker}`).toBe(countUnread(inRoom, me, marker));
      }
    }
    expect(await repo.newestReceivedAt('room')).toBe(at(30));
  });
});
