import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessagesRepo } from '../src/db/messages';
import { migrate, MIGRATIONS } from '../src/db/migrations';
import { createRoomsRepo } from '../src/db/rooms';
import { sqliteSql } from '../src/db/sql';
import { countUnread, type MessageDoc } from '../src/shared';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString();
const USERS = ['a', 'b', 'c'];
const ROOMS = ['dm:a:b', 'dm:a:c', 'group:abc'];
const MARKERS: Record<string, string | null> = { 'dm:a:b|a': at(10), 'dm:a:c|a': null, 'group:abc|a': at(55), 'dm:a:b|b': at(3) };

/** A database at version 4 with messages from everyone, some deleted, read markers here and there. */
async function seededAt4(): Promise<{ db: Database.Database; messages: MessageDoc[] }> {
  const db = new Database(':memory:');
  open.push(db);
  migrate(db, MIGRATIONS.filter((m) => m.version <= 4));
  const user = db.prepare(
    `INSERT INTO users (id, username, email, password_hash, first_name, last_name, role, created_at, updated_at)
     VALUES (?, ?, ?, 'h', ?, 'X', 'client', ?, ?)`,
  );
  for (const id of USERS) user.run(id, `user_${id}`, `${id}@x.test`, id.toUpperCase(), at(0), at(0));
  const room = db.prepare(
    `INSERT INTO rooms (id, room_type, name, created_by, created_at, updated_at, last_message_time) VALUES (?, ?, '', 'a', ?, ?, ?)`,
  );
  const member = db.prepare(
    `INSERT INTO memberships (id, room_id, user_id, joined_at, last_read_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const messages: MessageDoc[] = [];
  ROOMS.forEach((id, r) => {
    const members = id === 'group:abc' ? USERS : ['a', id.slice(-1)];
    room.run(id, id.startsWith('dm:') ? 'direct' : 'group', at(0), at(0), at(r + 57));
    for (const u of members) member.run(`${id}|${u}`, id, u, at(0), MARKERS[`${id}|${u}`] ?? null, at(0));
    for (let i = 0; i < 20; i++) {
      const seq = r * 100 + i + 1;
      messages.push({
        id: `m${seq}`, room_id: id, sender_id: members[i % members.length] as string, content: `t${i}`, kind: 'text',
        created_at: at((i * 29) % 60), server_seq: seq, received_at: at(r + i * 3), edited_at: null, deleted: i % 6 === 0,
        attachment: null, location: null,
        reply_to_id: null,
        album_id: null,
      });
    }
  });
  // Version 4's columns, as a server of that version wrote them (today's repository writes later ones).
  const insert = db.prepare(
    `INSERT INTO messages (id, room_id, sender_id, content, kind, created_at, server_seq, received_at, edited_at, deleted)
     VALUES (@id, @room_id, @sender_id, @content, @kind, @created_at, @server_seq, @received_at, @edited_at, @deleted)`,
  );
  for (const { attachment: _a, location: _l, reply_to_id: _reply, album_id: _album, ...m } of messages) insert.run({ ...m, deleted: m.deleted ? 1 : 0 });
  return { db, messages };
}

describe('migration 5: the unread tail index', () => {
  it('keeps every unread count and the room order the shared rule gives', async () => {
    const { db, messages } = await seededAt4();
    expect(migrate(db)).toBeGreaterThanOrEqual(5);
    const list = await createRoomsRepo(sqliteSql(db)).listForUser('a', {});
    expect(list.map((r) => r.id)).toEqual(['group:abc', 'dm:a:c', 'dm:a:b']);
    for (const room of list) {
      const marker = MARKERS[`${room.id}|a`] ?? null;
      expect(room.unread_count, room.id).toBe(countUnread(messages.filter((m) => m.room_id === room.id), 'a', marker));
    }
    expect(list.find((r) => r.id === 'dm:a:c')?.unread_count).toBeGreaterThan(0);
    const repo = createMessagesRepo(sqliteSql(db));
    expect(await repo.unreadCount('dm:a:b', 'b', at(3))).toBe(countUnread(messages.filter((m) => m.room_id === 'dm:a:b'), 'b', at(3)));
    expect(await repo.newestReceivedAt('group:abc')).toBe(at(2 + 19 * 3));
  });

  it('counts unread and finds the newest message from the index alone, without visiting the room', async () => {
    const { db } = await seededAt4();
    migrate(db);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(indexes).toContain('messages_unread');
    expect(indexes).not.toContain('messages_room_received');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    const rooms = createRoomsRepo(sqliteSql(db));
    expect((await rooms.listForUser('a', {})).length).toBe(3);
    // The list's unread subquery is a range on the reader's tail (received_at > marker), covered.
    const listPlan = plan(
      `SELECT (SELECT COUNT(*) FROM messages u WHERE u.room_id = m.room_id AND u.received_at > COALESCE(m.last_read_at, '')
         AND u.sender_id != m.user_id AND u.deleted = 0) FROM memberships m WHERE m.user_id = 'a'`,
    );
    expect(listPlan).toContain('COVERING INDEX messages_unread (room_id=? AND received_at>?)');
    expect(plan("SELECT received_at FROM messages WHERE room_id = 'x' AND received_at IS NOT NULL ORDER BY received_at DESC LIMIT 1")).toContain(
      'COVERING INDEX messages_unread (room_id=? AND received_at>?)',
    );
  });
});
