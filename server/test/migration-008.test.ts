import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMembershipsRepo } from '../src/db/memberships';
import { migrate, MIGRATIONS } from '../src/db/migrations';
import { createRoomsRepo } from '../src/db/rooms';
import { sqliteSql } from '../src/db/sql';
import { wireDocProblem } from '../src/domain/push-validation';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const T = '2026-01-01T10:00:00.000Z';

/** A database before migration 8 with a DM and a job room, as a server of that version wrote them. */
function seededBefore8(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  migrate(db, MIGRATIONS.filter((m) => m.version < 8));
  const user = db.prepare(
    `INSERT INTO users (id, username, email, password_hash, first_name, last_name, role, created_at, updated_at)
     VALUES (?, ?, ?, 'h', ?, 'X', 'client', ?, ?)`,
  );
  for (const id of ['a', 'b']) user.run(id, `user_${id}`, `${id}@x.test`, id.toUpperCase(), T, T);
  db.prepare(`INSERT INTO jobs (id, title, address, scheduled_at, status, client_id, created_at, updated_at) VALUES ('j', 'T', 'A', ?, 'open', 'a', ?, ?)`).run(T, T, T);
  const room = db.prepare(`INSERT INTO rooms (id, room_type, name, job_id, created_by, created_at, updated_at) VALUES (?, ?, '', ?, 'a', ?, ?)`);
  room.run('dm:a:b', 'direct', null, T, T);
  room.run('job:j', 'job', 'j', T, T);
  const member = db.prepare(`INSERT INTO memberships (id, room_id, user_id, joined_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
  for (const r of ['dm:a:b', 'job:j']) for (const u of ['a', 'b']) member.run(`${r}|${u}`, r, u, T, T);
  return db;
}

describe('migration 8: room status and posting, membership role', () => {
  it('gives existing rooms no status and open posting, and every existing member the member role', async () => {
    const db = seededBefore8();
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 8))).toBe(8);
    const rooms = createRoomsRepo(sqliteSql(db));
    for (const id of ['dm:a:b', 'job:j']) {
      const room = await rooms.byId(id);
      expect(room).toMatchObject({ status: null, posting: 'all', participant_ids: ['a', 'b'] });
      expect(wireDocProblem('rooms', { ...room, _deleted: false })).toBeNull();
    }
    const memberships = createMembershipsRepo(sqliteSql(db));
    expect((await memberships.activeInRoom('dm:a:b')).map((m) => m.role)).toEqual(['member', 'member']);
  });

  it('refuses a status, posting or role outside the vocabulary', () => {
    const db = seededBefore8();
    migrate(db, MIGRATIONS.filter((m) => m.version <= 8));
    expect(() => db.prepare("UPDATE rooms SET status = 'closed' WHERE id = 'dm:a:b'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE rooms SET posting = 'owners' WHERE id = 'dm:a:b'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE memberships SET role = 'admin' WHERE room_id = 'dm:a:b'").run()).toThrow(/CHECK/);
  });
});
