import type { Sql } from './sql';
import { ALBUMS_SQL, ATTACHMENTS_SQL, FEED_BY_DOCUMENT_PG, MESSAGE_COUNTS_SQL, REACTIONS_SQL, READ_INDEXES_SQL, ROOM_KINDS_SQL } from './migrations';
import { unreadRecountSql } from './messages';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Migration 13 (PostgreSQL only; SQLite's 13 does nothing). `feed_write` is what a write holds the
 * feed counter lock for (docs/server.md, "The checkpoint hazard"): it takes the lock, then, in a
 * fresh snapshot (each statement of a volatile function reads what committed before it), answers
 * NULL if a watched document has a feed row above `p_since` (a commit after the reads the rows
 * were derived from), else takes `p_n` positions and writes the rows, each at the first position
 * plus its `k`. One statement, so the lock is held for no round trip to the server but the commit's.
 */
const FEED_WRITE_SQL = `
  CREATE FUNCTION feed_write(p_watch json, p_since bigint, p_n bigint, p_rows json) RETURNS bigint LANGUAGE plpgsql AS $$
  DECLARE v_base bigint;
  BEGIN
    PERFORM 1 FROM feed_counter FOR UPDATE;
    IF EXISTS (SELECT 1 FROM json_to_recordset(p_watch) AS w(c text, d text)
               JOIN feed f ON f.collection = w.c AND f.doc_id = w.d AND f.seq > p_since) THEN
      RETURN NULL;
    END IF;
    UPDATE feed_counter SET seq = seq + p_n RETURNING seq - p_n INTO v_base;
    INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
      SELECT v.u, v.c, v.d, v_base + v.k, v.r FROM json_to_recordset(p_rows) AS v(u text, c text, d text, k bigint, r integer)
      ON CONFLICT (user_id, collection, doc_id) DO UPDATE SET seq = excluded.seq, revoked = excluded.revoked;
    RETURN v_base;
  END $$;
`;

/**
 * Whether a watched document has a feed row above `p_since`: `feed_write`'s check, from migration
 * 14 on. One index probe (`feed_doc`) per watched document, which `LATERAL … LIMIT 1` makes the
 * plan; migration 13's join of the same two inputs was planned as a sequential scan of the whole
 * feed (the 100 rows PostgreSQL assumes for `json_to_recordset`, and `seq > p_since`, which no
 * index serves): 50 ms with 200,000 feed rows, under the counter lock, on every write
 * (docs/server.md, "The checkpoint hazard"). `$1`, `$2`: the watch list and the position.
 */
export const FEED_WATCH_CHECK = `SELECT EXISTS (SELECT 1 FROM json_to_recordset($1) AS w(c text, d text),
  LATERAL (SELECT 1 FROM feed f WHERE f.collection = w.c AND f.doc_id = w.d AND f.seq > $2 LIMIT 1) x)`;

/** The SQLSTATE `feed_write_or_raise` raises when its check finds a watched document changed. */
export const FEED_WRITE_CHANGED = 'CC001';

/**
 * Migration 16 (PostgreSQL only; SQLite's 16 does nothing). `feed_write`, but where it would
 * answer NULL (a watched document has a feed row above `p_since`) it raises `FEED_WRITE_CHANGED`
 * instead. The recorder sends it and the COMMIT as one simple query (`db/commit-with.ts`), so
 * the lock is held for one round trip; a NULL would let that COMMIT go through without the feed
 * rows, the error stops it: the rest of the query is skipped, the transaction is rolled back to
 * the savepoint before the call, and the flush derives its rows again under the lock.
 */
const FEED_WRITE_OR_RAISE_SQL = `
  CREATE FUNCTION feed_write_or_raise(p_watch json, p_since bigint, p_n bigint, p_rows json) RETURNS bigint LANGUAGE plpgsql AS $$
  DECLARE v_base bigint;
  BEGIN
    v_base := feed_write(p_watch, p_since, p_n, p_rows);
    IF v_base IS NULL THEN
      RAISE EXCEPTION 'feed write: a watched document has a feed row above position %, its rows must be derived again', p_since
        USING ERRCODE = '${FEED_WRITE_CHANGED}';
    END IF;
    RETURN v_base;
  END $$;
`;

/** Migration 14: `feed_write` as in 13, its check `FEED_WATCH_CHECK`. */
const FEED_WRITE_PROBE_SQL = `
  CREATE OR REPLACE FUNCTION feed_write(p_watch json, p_since bigint, p_n bigint, p_rows json) RETURNS bigint LANGUAGE plpgsql AS $$
  DECLARE v_base bigint;
  BEGIN
    PERFORM 1 FROM feed_counter FOR UPDATE;
    IF (${FEED_WATCH_CHECK.replace('$1', 'p_watch').replace('$2', 'p_since')}) THEN
      RETURN NULL;
    END IF;
    UPDATE feed_counter SET seq = seq + p_n RETURNING seq - p_n INTO v_base;
    INSERT INTO feed (user_id, collection, doc_id, seq, revoked)
      SELECT v.u, v.c, v.d, v_base + v.k, v.r FROM json_to_recordset(p_rows) AS v(u text, c text, d text, k bigint, r integer)
      ON CONFLICT (user_id, collection, doc_id) DO UPDATE SET seq = excluded.seq, revoked = excluded.revoked;
    RETURN v_base;
  END $$;
`;

/**
 * PostgreSQL's numbered migrations, recorded in `schema_migrations`. The numbers are SQLite's
 * (`migrations.ts`): version N means the same schema on both. PostgreSQL support began at SQLite's
 * version 4, so its first migration creates that schema at once. Never edit a shipped one.
 */
export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 4,
    name: 'the schema of SQLite version 4; the feed counter and message sequence',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        email TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('client','cleaner','support','admin')),
        avatar_url TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- SQLite's columns are COLLATE NOCASE; here the unique keys are on lower(...).
      CREATE UNIQUE INDEX users_username ON users (lower(username));
      CREATE UNIQUE INDEX users_email ON users (lower(email));
      CREATE TABLE refresh_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        family_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        address TEXT NOT NULL,
        scheduled_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open','assigned','done','cancelled')),
        client_id TEXT NOT NULL REFERENCES users(id),
        cleaner_id TEXT REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE rooms (
        id TEXT PRIMARY KEY,
        room_type TEXT NOT NULL CHECK (room_type IN ('job','direct','support','general','group')),
        name TEXT NOT NULL,
        job_id TEXT REFERENCES jobs(id),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_message_content TEXT,
        last_message_time TEXT,
        last_message_sender_id TEXT
      );
      CREATE TABLE memberships (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL REFERENCES rooms(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        joined_at TEXT NOT NULL,
        last_read_at TEXT,
        archived INTEGER NOT NULL DEFAULT 0,
        muted INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX memberships_room ON memberships(room_id, active);
      CREATE INDEX memberships_user ON memberships(user_id, active);
      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        room_id TEXT NOT NULL REFERENCES rooms(id),
        sender_id TEXT NOT NULL REFERENCES users(id),
        content TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        server_seq BIGINT NOT NULL UNIQUE,
        edited_at TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        received_at TEXT
      );
      CREATE INDEX messages_room_seq ON messages(room_id, server_seq);
      CREATE INDEX messages_room_received ON messages(room_id, received_at);
      CREATE INDEX messages_sender ON messages(sender_id);
      CREATE SEQUENCE message_seq;
      CREATE TABLE feed (
        user_id TEXT NOT NULL,
        collection TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        revoked INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, collection, doc_id)
      );
      CREATE INDEX feed_pull ON feed(user_id, collection, seq);
      CREATE INDEX feed_doc ON feed(collection, doc_id, revoked);
      -- The last feed position handed out. Its row lock orders feed writers by commit.
      CREATE TABLE feed_counter (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq BIGINT NOT NULL
      );
      INSERT INTO feed_counter (id, seq) VALUES (1, 0);
    `,
  },
  {
    version: 5,
    name: 'messages by room and server time, covering the unread rule',
    // As SQLite's 5: unread counts read the room's tail after the reader's marker from the index
    // (an index-only scan); it supersedes messages_room_received.
    sql: `
      CREATE INDEX messages_unread ON messages(room_id, received_at, sender_id, deleted);
      DROP INDEX messages_room_received;
    `,
  },
  {
    version: 6,
    name: 'attachments and locations on messages; uploaded attachments; blobs in chunks',
    // As SQLite's 6, plus the blobs: PostgreSQL holds the bytes too, so every instance serves
    // every attachment with nothing else to share. 1 MiB chunks keep each row small to read and write.
    sql: `${ATTACHMENTS_SQL}
      CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE blob_chunks (
        sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        data BYTEA NOT NULL,
        PRIMARY KEY (sha256, n)
      );
    `,
  },
  {
    version: 7,
    name: 'message actions: replies (messages.reply_to_id) and reactions',
    sql: REACTIONS_SQL, // as SQLite's 7
  },
  {
    version: 8,
    name: 'group, support and announcement rooms: room status and posting, membership role',
    // As SQLite's 8: existing rooms are DMs and job rooms (no status, everyone posts, no owners).
    sql: ROOM_KINDS_SQL,
  },
  {
    version: 9,
    name: 'unread counter on the membership row',
    // As SQLite's 9: the count kept with every send, delete and read marker, filled in here once.
    sql: `
      ALTER TABLE memberships ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
      UPDATE memberships SET unread_count = CASE WHEN active = 1 THEN ${unreadRecountSql('memberships.last_read_at')} ELSE 0 END;
    `,
  },
  {
    version: 10,
    name: 'albums: messages.album_id links photos sent together',
    sql: ALBUMS_SQL, // as SQLite's 10
  },
  {
    version: 11,
    name: 'read path at scale: covering indexes for the pull page and room participants',
    sql: READ_INDEXES_SQL, // as SQLite's 12
  },
  {
    version: 13,
    name: "the feed write: a commit's feed rows under the counter lock in one statement",
    sql: FEED_WRITE_SQL,
  },
  {
    version: 14,
    name: "the feed write's check probes the index per watched document",
    sql: FEED_WRITE_PROBE_SQL,
  },
  {
    version: 15,
    name: "each sender's stored messages as a counter, for the storage quota",
    sql: MESSAGE_COUNTS_SQL, // as SQLite's 15
  },
  {
    version: 16,
    name: 'the feed write and the commit in one round trip: feed_write_or_raise',
    sql: FEED_WRITE_OR_RAISE_SQL,
  },
  {
    version: 17,
    name: "the feed's key by document first: one document's rows side by side",
    sql: FEED_BY_DOCUMENT_PG, // SQLite's 17, for a heap table
  },
];

/** Any fixed number: the advisory lock under which one instance at a time migrates. */
const MIGRATION_LOCK = 7_402_118;

/** Applies every migration newer than the database, all in one transaction; returns the version. */
export async function migratePostgres(sql: Sql, migrations: PgMigration[] = PG_MIGRATIONS): Promise<number> {
  return sql.transaction(async () => {
    // Instances starting together migrate one after another; the lock ends with the transaction.
    await sql.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await sql.run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    let current =
      (await sql.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations'))?.v ?? 0;
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      await sql.run(m.sql);
      await sql.run('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [m.version, m.name]);
      current = m.version;
    }
    return current;
  });
}
