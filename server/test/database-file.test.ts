import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app';
import { DATABASE_FILE } from '../src/db/database';
import { TEST_JWT_SECRET } from './helpers';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cleanchat-dbfile-'));
  dirs.push(dir);
  return dir;
}

const start = (dir: string) => startServer({ dataDir: dir, jwtSecret: TEST_JWT_SECRET, logLevel: 'silent', demo: true });

/** A real database with demo data, closed cleanly (no WAL left). */
async function seededDir(): Promise<string> {
  const dir = await dataDir();
  const server = await start(dir);
  await server.close();
  return dir;
}

describe('the database file is checked at start', () => {
  it('a 0-byte database is refused, not silently re-created and re-seeded', async () => {
    const dir = await dataDir();
    const file = join(dir, DATABASE_FILE);
    await writeFile(file, '');
    await expect(start(dir)).rejects.toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the database file is empty`));
    expect((await stat(file)).size).toBe(0);
  });

  it('a database whose pages are damaged fails the integrity check, naming the file', async () => {
    const dir = await seededDir();
    const file = join(dir, DATABASE_FILE);
    const bytes = await readFile(file);
    const pageSize = bytes.readUInt16BE(16);
    // Garble every page after the schema page: the tables' b-trees no longer hold together.
    randomBytes(bytes.length - pageSize).copy(bytes, pageSize);
    await writeFile(file, bytes);
    await expect(start(dir)).rejects.toThrow(new RegExp(`${DATABASE_FILE}: (the integrity check failed|it is not a readable SQLite database)`));
  });

  it('a file that is not a database at all is refused, naming the file', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, DATABASE_FILE), randomBytes(8192));
    await expect(start(dir)).rejects.toThrow(new RegExp(`${DATABASE_FILE}: it is not a readable SQLite database`));
  });

  it('a write-ahead log with a damaged header is reported instead of silently ignored', async () => {
    const dir = await seededDir();
    const wal = join(dir, `${DATABASE_FILE}-wal`);
    await writeFile(wal, randomBytes(4096));
    await expect(start(dir)).rejects.toThrow(new RegExp(`${DATABASE_FILE}-wal: the write-ahead log is damaged`));
    expect((await stat(wal)).size).toBe(4096);
  });

  it('a sound write-ahead log left by a crash is accepted and its writes kept', async () => {
    const dir = await seededDir();
    const file = join(dir, DATABASE_FILE);
    // Another connection writes and "crashes": its WAL is copied aside before the clean close
    // checkpoints it, then put back, as a killed process leaves it.
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.prepare("UPDATE users SET first_name = 'Walter' WHERE username = 'alice'").run();
    const walBytes = await readFile(`${file}-wal`);
    const mainBytes = await readFile(file);
    db.close();
    await writeFile(file, mainBytes);
    await writeFile(`${file}-wal`, walBytes);
    const server = await start(dir);
    const alice = await server.ctx.store.users.byUsername('alice');
    await server.close();
    expect(alice?.first_name).toBe('Walter');
  });
});
