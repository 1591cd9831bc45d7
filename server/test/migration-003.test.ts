import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../src/db/migrations';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const T = '2025-10-26T06:38:14.123Z';
const BROKEN = '9999-99-99T99:99:99.999Z';

/** A database at the version just before 3, holding a message stamped with a time that never parses. */
function seededBefore3(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < 3),
  );
  db.exec(`
    INSERT INTO users (id, username, email, password_hash, first_name, last_name, role, created_at, updated_at)
      VALUES ('a', 'alice', 'a@x.test', 'h', 'A', 'A', 'client', '${T}', '${T}'),
             ('b', 'bob', 'b@x.test', 'h', 'B', 'B', 'cleaner', '${T}', '${T}');
    INSERT INTO rooms (id, room_type, name, participant_ids, created_by, created_at, updated_at,
        last_message_content, last_message_time, last_message_sender_id)
      VALUES ('dm:a:b', 'direct', '', '["a","b"]', 'a', '${T}', '${T}', 'pinned', '${BROKEN}', 'b');
    INSERT INTO memberships (id, room_id, user_id, joined_at, last_read_at, updated_at)
      VALUES ('dm:a:b|a', 'dm:a:b', 'a', '${T}', '${BROKEN}', '${T}'),
             ('dm:a:b|b', 'dm:a:b', 'b', '${T}', '${T}', '${T}');
    INSERT INTO messages (id, room_id, sender_id, content, kind, created_at, server_seq)
      VALUES ('m1', 'dm:a:b', 'a', 'hi', 'text', '${T}', 1),
             ('m2', 'dm:a:b', 'b', 'pinned', 'text', '${BROKEN}', 2);
  `);
  return db;
}

describe('migration 3: messages.received_at', () => {
  it('gives every message a server time: its created_at, or now for one in the future', () => {
    const db = seededBefore3();
    const before = new Date().toISOString();
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    const rows = db
      .prepare('SELECT id, created_at, received_at FROM messages ORDER BY server_seq')
      .all() as Array<{
      id: string;
      created_at: string;
      received_at: string;
    }>;
    expect(rows[0]).toEqual({ id: 'm1', created_at: T, received_at: T });
    expect(rows[1]?.created_at).toBe(BROKEN);
    expect(rows[1]!.received_at >= before && rows[1]!.received_at <= new Date().toISOString()).toBe(true);
  });

  it('brings read markers and room times pinned in the future back to now', () => {
    const db = seededBefore3();
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    const now = new Date().toISOString();
    const marker = db.prepare("SELECT last_read_at FROM memberships WHERE id = 'dm:a:b|a'").get() as {
      last_read_at: string;
    };
    expect(marker.last_read_at <= now).toBe(true);
    const untouched = db.prepare("SELECT last_read_at FROM memberships WHERE id = 'dm:a:b|b'").get() as {
      last_read_at: string;
    };
    expect(untouched.last_read_at).toBe(T);
    const room = db.prepare("SELECT last_message_time FROM rooms WHERE id = 'dm:a:b'").get() as {
      last_message_time: string;
    };
    const newest = db.prepare("SELECT received_at FROM messages WHERE id = 'm2'").get() as {
      received_at: string;
    };
    expect(room.last_message_time).toBe(newest.received_at);
  });
});
