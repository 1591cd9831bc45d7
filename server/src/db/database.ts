import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations';

export type DB = Database.Database;

/** The SQLite file's name inside DATA_DIR. */
export const DATABASE_FILE = 'cleanchat.sqlite';

/** A database the server must not start on; the message names the file and says what to do. */
export class DatabaseFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}. The server did not start, so nothing was changed; restore the file from a backup, or move it away to start with an empty database.`);
    this.name = 'DatabaseFileError';
  }
}

// WAL header (sqlite.org/fileformat.html#walformat): magic, format version, page size, and a
// checksum of its first 24 bytes computed in the byte order the magic names.
const WAL_MAGIC_LE = 0x377f0682;
const WAL_MAGIC_BE = 0x377f0683;
const WAL_VERSION = 3007000;
const WAL_HEADER_BYTES = 32;

/** Why the write-ahead log's header is not one SQLite wrote, or null when it is sound (or empty). */
export function walHeaderProblem(walFile: string): string | null {
  const size = statSync(walFile).size;
  if (size === 0) return null;
  if (size < WAL_HEADER_BYTES) return `it is ${size} bytes, shorter than a WAL header`;
  const header = Buffer.alloc(WAL_HEADER_BYTES);
  const fd = openSync(walFile, 'r');
  try {
    readSync(fd, header, 0, WAL_HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  const magic = header.readUInt32BE(0);
  if (magic !== WAL_MAGIC_LE && magic !== WAL_MAGIC_BE) return 'its header is not a SQLite write-ahead log header';
  if (header.readUInt32BE(4) !== WAL_VERSION) return 'its header names an unknown WAL format version';
  const pageSize = header.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return 'its header names an impossible page size';
  const read = (offset: number) => (magic === WAL_MAGIC_BE ? header.readUInt32BE(offset) : header.readUInt32LE(offset));
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < 24; i += 8) {
    s0 = (s0 + read(i) + s1) >>> 0;
    s1 = (s1 + read(i + 4) + s0) >>> 0;
  }
  if (s0 !== header.readUInt32BE(24) || s1 !== header.readUInt32BE(28)) return 'its header checksum does not match';
  return null;
}

/**
 * Checks what is on disk before SQLite may touch it: SQLite would silently turn a 0-byte file into
 * a new, empty database (and the server would seed it), and would silently ignore a WAL whose
 * header is damaged, dropping the transactions in it. Both are refused.
 */
function checkFiles(file: string): void {
  if (existsSync(file) && statSync(file).size === 0) {
    throw new DatabaseFileError(file, 'the database file is empty (0 bytes), so it is damaged or was truncated');
  }
  const wal = `${file}-wal`;
  if (!existsSync(wal)) return;
  const problem = walHeaderProblem(wal);
  if (problem) throw new DatabaseFileError(wal, `the write-ahead log is damaged (${problem}); it may hold the latest committed writes`);
}

/**
 * Opens (and migrates) the server database. WAL with synchronous=NORMAL: a committed transaction
 * is in the WAL file before the API answers, so it survives the process being killed. Refuses a
 * damaged file (`PRAGMA quick_check` at start) with a DatabaseFileError naming it.
 */
export function openDatabase(dataDir: string): DB {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATABASE_FILE);
  checkFiles(file);
  let db: DB | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // sqliteSql checkpoints soon after each commit, outside it; this only bounds the WAL (64 MiB)
    // should those checkpoints not keep up. At the default (1,000 pages) a group message, ~1,300
    // pages of feed rows, checkpointed (and synced) inside its own COMMIT.
    db.pragma('wal_autocheckpoint = 16384');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const problems = (db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new DatabaseFileError(file, `the integrity check failed (${problems.slice(0, 3).join('; ')})`);
    }
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof DatabaseFileError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      throw new DatabaseFileError(file, `it is not a readable SQLite database (${(err as Error).message})`);
    }
    throw err;
  }
}
