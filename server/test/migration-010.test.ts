import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessagesRepo } from '../src/db/messages';
import { migrate, MIGRATIONS } from '../src/db/migrations';
import { sqliteSql } from '../src/db/sql';
import { wireDocProblem } from '../src/domain/push-validation';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const T = '2026-01-01T10:00:00.000Z';
const PHOTO = JSON.stringify({ id: 'att', name: 'a.png', mime: 'image/png', size: 9, width: 2, height: 2, duration_ms: null, thumbnail: null });

/** A database at version 9 with a text message and a photo in a DM, as a server of that version wrote them. */
function seededBefore10(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  migrate(db, MIGRATIONS.filter((m) => m.version < 10));
  const user = db.prepare(
    `INSERT INTO users (id, username, email, password_hash, first_name, last_name, role, created_at, updated_at)
     VALUES (?, ?, ?, 'h', ?, 'X', 'client', ?, ?)`,
  );
  for (const id of ['a', 'b']) user.run(id, `user_${id}`, `${id}@x.test`, id.toUpperCase(), T, T);
  db.prepare(`INSERT INTO rooms (id, room_type, name, created_by, created_at, updated_at) VALUES ('dm:a:b', 'direct', '', 'a', ?, ?)`).run(T, T);
  const message = db.prepare(
    `INSERT INTO messages (id, room_id, sender_id, content, kind, created_at, server_seq, received_at, deleted, attachment_id, attachment)
     VALUES (?, 'dm:a:b', 'a', ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  message.run('m1', 'hello', 'text', T, 1, T, null, null);
  message.run('m2', '', 'image', T, 2, T, 'att', PHOTO);
  return db;
}

describe('migration 10: albums', () => {
  it('puts every stored message in no album, and a valid wire document comes out', async () => {
    const db = seededBefore10();
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 10))).toBe(10);
    const messages = createMessagesRepo(sqliteSql(db));
    for (const id of ['m1', 'm2']) {
      const doc = await messages.byId(id);
      expect(doc?.album_id).toBeNull();
      expect(wireDocProblem('messages', { ...doc, _deleted: false })).toBeNull();
    }
    expect(await messages.albumMembers('any', 10)).toEqual([]);
  });

  it('indexes the album id for the album rule', () => {
    const db = seededBefore10();
    migrate(db, MIGRATIONS.filter((m) => m.version <= 10));
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT room_id, sender_id FROM messages WHERE album_id = ? LIMIT 10').all('x');
    expect(JSON.stringify(plan)).toMatch(/messages_album/);
  });
});
