import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, type Migration } from '../src/db/migrations';

const open: Database.Database[] = [];
function freshDb(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const version = (db: Database.Database) => db.pragma('user_version', { simple: true }) as number;
const schema = (db: Database.Database) =>
  db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
const latest = Math.max(...MIGRATIONS.map((m) => m.version));

describe('migrations', () => {
  it('are numbered from 1, increasing, without duplicates', () => {
    const versions = MIGRATIONS.map((m) => m.version).sort((a, b) => a - b);
    // Gaps are allowed while a number is reserved by a branch not merged yet (6: attachments).
    expect(versions[0]).toBe(1);
    expect(new Set(versions).size).toBe(versions.length);
    for (const m of MIGRATIONS) expect(m.name.length).toBeGreaterThan(0);
  });

  it('bring a fresh database to the latest version with the tables the server needs', () => {
    const db = freshDb();
    expect(version(db)).toBe(0);
    expect(migrate(db)).toBe(latest);
    expect(version(db)).toBe(latest);
    expect(tables(db)).toEqual(expect.arrayContaining(['users', 'refresh_tokens', 'jobs', 'rooms', 'memberships', 'messages']));
  });

  it('a second run is a no-op', () => {
    const db = freshDb();
    migrate(db);
    const before = schema(db);
    expect(migrate(db)).toBe(latest);
    expect(version(db)).toBe(latest);
    expect(schema(db)).toEqual(before);
  });

  it('each migration applies on the schema of the one before it', () => {
    for (let n = 1; n <= MIGRATIONS.length; n++) {
      const db = freshDb();
      const upTo = [...MIGRATIONS].sort((a, b) => a.version - b.version).slice(0, n);
      migrate(db, upTo.slice(0, n - 1));
      expect(version(db)).toBe(upTo[n - 2]?.version ?? 0);
      migrate(db, upTo);
      expect(version(db)).toBe(upTo[n - 1]?.version);
      expect(migrate(db)).toBe(latest);
    }
  });

  it('a failing migration rolls back entirely: the previous version stays, no partial tables', () => {
    const db = freshDb();
    migrate(db);
    const before = schema(db);
    const broken: Migration = {
      version: latest + 1,
      name: 'half done',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        d.exec('ALTER TABLE users ADD COLUMN nickname TEXT');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('boom');
    expect(version(db)).toBe(latest);
    expect(tables(db)).not.toContain('half_done');
    expect(schema(db)).toEqual(before);
  });

  it('from scratch, migrations before a failing one stay applied', () => {
    const db = freshDb();
    const broken: Migration = {
      version: latest + 1,
      name: 'broken',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('boom');
    expect(version(db)).toBe(latest);
    expect(tables(db)).not.toContain('half_done');
  });
});
