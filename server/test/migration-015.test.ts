import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createUsageRepo } from '../src/db/usage';
import { migrate, MIGRATIONS } from '../src/db/migrations';
import { sqliteSql } from '../src/db/sql';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const T = '2026-01-01T10:00:00.000Z';

/** A database before version 15: `a` sent three messages (one of them deleted since), `b` one, `c` none. */
function seededBefore15(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  migrate(db, MIGRATIONS.filter((m) => m.version < 15));
  const user = db.prepare(
    `INSERT INTO users (id, username, email, password_hash, first_name, last_name, role, created_at, updated_at)
     VALUES (?, ?, ?, 'h', ?, 'X', 'client', ?, ?)`,
  );
  for (const id of ['a', 'b', 'c']) user.run(id, `user_${id}`, `${id}@x.test`, id.toUpperCase(), T, T);
  db.prepare(`INSERT INTO rooms (id, room_type, name, created_by, created_at, updated_at) VALUES ('dm:a:b', 'direct', '', 'a', ?, ?)`).run(T, T);
  const message = db.prepare(
    `INSERT INTO messages (id, room_id, sender_id, content, kind, created_at, server_seq, received_at, deleted)
     VALUES (?, 'dm:a:b', ?, 'x', 'text', ?, ?, ?, ?)`,
  );
  [['m1', 'a', 0], ['m2', 'a', 1], ['m3', 'a', 0], ['m4', 'b', 0]].forEach(([id, sender, deleted], i) => message.run(id, sender, T, i + 1, T, deleted));
  return db;
}

describe("migration 15: each sender's stored messages as a counter", () => {
  it('fills the counters from the stored messages, deleted ones too', async () => {
    const db = seededBefore15();
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 15))).toBe(15);
    const usage = createUsageRepo(sqliteSql(db));
    expect([await usage.messagesBy('a'), await usage.messagesBy('b'), await usage.messagesBy('c')]).toEqual([3, 1, 0]);
  });

  it('is read by its primary key: one row, however many messages the sender has', () => {
    const db = seededBefore15();
    migrate(db);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT stored AS n FROM message_counts WHERE user_id = ?').all('a');
    expect(JSON.stringify(plan)).toMatch(/USING INDEX sqlite_autoindex_message_counts_1 \(user_id=\?\)/);
  });
});
