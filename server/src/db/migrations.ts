import type Database from 'better-sqlite3';
import { unreadRecountSql } from './messages';

const RECOUNT_SQL = unreadRecountSql('memberships.last_read_at');

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Numbered migrations; `PRAGMA user_version` records the last one applied. Never edit a shipped one. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'accounts, jobs, rooms, memberships, messages, change feed',
    up(db) {
      db.exec(`
        CREATE TABLE users (
          id TEXT PRIMARY KEY,
          username TEXT NOT NULL UNIQUE COLLATE NOCASE,
          email TEXT NOT NULL UNIQUE COLLATE NOCASE,
          password_hash TEXT NOT NULL,
          first_name TEXT NOT NULL,
          last_name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('client','cleaner','support','admin')),
          avatar_url TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
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
          participant_ids TEXT NOT NULL,
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
          server_seq INTEGER NOT NULL UNIQUE,
          edited_at TEXT,
          deleted INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX messages_room_seq ON messages(room_id, server_seq);
        CREATE TABLE feed (
          user_id TEXT NOT NULL,
          collection TEXT NOT NULL,
          doc_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          revoked INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (user_id, collection, doc_id)
        ) WITHOUT ROWID;
        CREATE INDEX feed_pull ON feed(user_id, collection, seq);
      `);
    },
  },
  {
    version: 2,
    name: 'feed by document; room participants derived from memberships',
    up(db) {
      // The change recorder compares each changed document's audience with its live feed rows.
      // participant_ids was a second copy of the active memberships that could drift from them.
      db.exec(`
        CREATE INDEX feed_doc ON feed(collection, doc_id, revoked);
        ALTER TABLE rooms DROP COLUMN participant_ids;
      `);
    },
  },
  {
    version: 3,
    name: 'messages.received_at: the server clock at insert orders and counts messages',
    up(db) {
      // Rows from before this migration have only the writer's clock; a future one (or one that
      // never parsed, like 9999-99-99…) is capped at now so it cannot pin anything. Read markers
      // pinned in the future by such a message come back to now for the same reason.
      db.exec(`
        ALTER TABLE messages ADD COLUMN received_at TEXT;
        UPDATE messages SET received_at = MIN(created_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
        UPDATE memberships SET last_read_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
          WHERE last_read_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
        UPDATE rooms SET last_message_time = (
          SELECT m.received_at FROM messages m WHERE m.room_id = rooms.id ORDER BY m.server_seq DESC LIMIT 1
        ) WHERE last_message_time IS NOT NULL;
        CREATE INDEX messages_room_received ON messages(room_id, received_at);
      `);
    },
  },
  {
    version: 4,
    name: 'messages by sender, for the per-user storage quota',
    up(db) {
      db.exec('CREATE INDEX messages_sender ON messages(sender_id)');
    },
  },
  {
    version: 5,
    name: 'messages by room and server time, covering the unread rule',
    up(db) {
      // An unread count reads only the room's tail after the reader's marker, from the index
      // alone: sender and deleted are in it, so no message row is visited. It supersedes
      // messages_room_received (same leading columns), which would only cost writes.
      db.exec(`
        CREATE INDEX messages_unread ON messages(room_id, received_at, sender_id, deleted);
        DROP INDEX messages_room_received;
      `);
    },
  },
  {
    version: 6,
    name: 'attachments and locations on messages; uploaded attachments',
    up(db) {
      db.exec(ATTACHMENTS_SQL);
    },
  },
  {
    version: 7,
    name: 'message actions: replies (messages.reply_to_id) and reactions',
    up(db) {
      // A removed reaction keeps its row (removed = 1) so its removal reaches everyone through
      // the feed as a deleted document; adding it again revives the row.
      db.exec(REACTIONS_SQL);
    },
  },
  {
    version: 8,
    name: 'group, support and announcement rooms: room status and posting, membership role',
    up(db) {
      // Existing rooms are DMs and job rooms: no status, everyone posts, no owners.
      db.exec(ROOM_KINDS_SQL);
    },
  },
  {
    version: 9,
    name: 'unread counter on the membership row',
    up(db) {
      // Kept in the same transaction as every send, delete and read marker (db/memberships.ts,
      // domain/messages.ts), so a room list reads one column per room, however much is unread.
      db.exec(`
        ALTER TABLE memberships ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
        UPDATE memberships SET unread_count = CASE WHEN active = 1 THEN ${RECOUNT_SQL} ELSE 0 END;
      `);
    },
  },
  {
    version: 10,
    name: 'albums: messages.album_id links photos sent together',
    // Every stored message was sent on its own: no album.
    up(db) {
      db.exec(ALBUMS_SQL);
    },
  },
  {
    version: 11,
    name: 'read path at scale: covering indexes for the pull page and room participants',
    up(db) {
      db.exec(READ_INDEXES_SQL);
    },
  },
  {
    version: 13,
    name: "the feed write: a commit's feed rows under the counter lock in one statement",
    // PostgreSQL's function (pg-migrations.ts); SQLite's one writer needs no lock, so nothing here.
    up() {},
  },
  {
    version: 14,
    name: "the feed write's check probes the index per watched document",
    // PostgreSQL's function again (pg-migrations.ts); nothing here, as for 13.
    up() {},
  },
  {
    version: 15,
    name: "each sender's stored messages as a counter, for the storage quota",
    up(db) {
      db.exec(MESSAGE_COUNTS_SQL);
    },
  },
  {
    version: 16,
    name: 'the feed write and the commit in one round trip: feed_write_or_raise',
    // PostgreSQL's function (pg-migrations.ts); SQLite commits in process, so nothing here, as for 13.
    up() {},
  },
  {
    version: 17,
    name: "the feed's key by document first: one document's rows side by side",
    up(db) {
      // A WITHOUT ROWID table's key cannot change in place: the rows move to a new table.
      db.exec(FEED_BY_DOCUMENT_SQLITE);
    },
  },
];

/**
 * Migration 17 (docs/server.md, "The feed's key, by document"). A group message stamps one feed
 * row for each of the room's members, for the message, the room's preview and the sender's read
 * marker. Keyed by user first, those rows fell in as many places of the key as there are members
 * (and again in `feed_doc`); keyed by document first, one document's rows sit side by side, and the
 * key serves what `feed_doc` served (a document's holders, `revoked` in the same leaf). Lookups of
 * one user's row for a document give all three columns either way; a user's feed is read through
 * `feed_page`, unchanged.
 */
const FEED_BY_DOCUMENT_SQLITE = `
  CREATE TABLE feed_by_document (
    user_id TEXT NOT NULL,
    collection TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collection, doc_id, user_id)
  ) WITHOUT ROWID;
  INSERT INTO feed_by_document (user_id, collection, doc_id, seq, revoked)
    SELECT user_id, collection, doc_id, seq, revoked FROM feed ORDER BY collection, doc_id, user_id;
  DROP TABLE feed;
  ALTER TABLE feed_by_document RENAME TO feed;
  CREATE INDEX feed_page ON feed(user_id, collection, seq, revoked, doc_id);
`;

/** Migration 17 on PostgreSQL: the same key (a heap table: its key index is rebuilt, `feed_doc` dropped). */
export const FEED_BY_DOCUMENT_PG = `
  ALTER TABLE feed DROP CONSTRAINT feed_pkey;
  ALTER TABLE feed ADD CONSTRAINT feed_pkey PRIMARY KEY (collection, doc_id, user_id);
  DROP INDEX feed_doc;
`;

/**
 * Migration 15, the same text on both backends: how many messages each user has stored, kept by
 * every insert of messages in its transaction (`messages.countSent`), so the quota check of a
 * push reads one row instead of counting the sender's messages (a cost that grew with the table;
 * docs/server.md, "Batched writes"). Messages are never removed, only soft-deleted, so the
 * counter only grows, as the count it replaces did. Filled here from the stored messages.
 */
export const MESSAGE_COUNTS_SQL = `
  CREATE TABLE message_counts (user_id TEXT PRIMARY KEY, stored BIGINT NOT NULL);
  INSERT INTO message_counts (user_id, stored) SELECT sender_id, COUNT(*) FROM messages GROUP BY sender_id;
`;

/**
 * Migration 11, the same text on both backends (docs/server.md, "Reads at scale"). `feed_page`
 * answers a pull page from the index alone (`revoked` beside `seq`; the document id is in every
 * index of the feed, its primary key, on SQLite, and listed here for PostgreSQL), in place of
 * `feed_pull`. `memberships_room_users` gives a room's participants without reading the rows, for
 * each of the 300 rooms of a heavy user's list, in place of `memberships_room`.
 */
export const READ_INDEXES_SQL = `
  CREATE INDEX feed_page ON feed(user_id, collection, seq, revoked, doc_id);
  DROP INDEX feed_pull;
  CREATE INDEX memberships_room_users ON memberships(room_id, active, user_id);
  DROP INDEX memberships_room;
`;

/**
 * Migration 6, the same text on both backends (PostgreSQL's adds the blob tables): a message's
 * attachment and location as JSON, the attachment's id beside them for the reference checks of
 * authorization and garbage collection, and one row per upload (the blob is content-addressed by
 * `sha256`; `source_sha256` is the uploaded bytes', which make a re-upload the same attachment).
 */
export const ATTACHMENTS_SQL = `
  ALTER TABLE messages ADD COLUMN attachment_id TEXT;
  ALTER TABLE messages ADD COLUMN attachment TEXT;
  ALTER TABLE messages ADD COLUMN location TEXT;
  CREATE INDEX messages_attachment ON messages(attachment_id) WHERE attachment_id IS NOT NULL;
  CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    uploader_id TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    width INTEGER,
    height INTEGER,
    duration_ms INTEGER,
    thumbnail TEXT,
    created_at TEXT NOT NULL,
    used_at TEXT NOT NULL,
    UNIQUE (uploader_id, source_sha256)
  );
  CREATE INDEX attachments_sha256 ON attachments(sha256);
  CREATE INDEX attachments_used ON attachments(used_at);
`;

/** Applies every migration newer than the database, each in its own transaction. */
export function migrate(db: Database.Database, migrations: Migration[] = MIGRATIONS): number {
  let current = db.pragma('user_version', { simple: true }) as number;
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    current = m.version;
  }
  return current;
}

/** Migration 7, the same text on both backends: replies and the reactions table. */
export const REACTIONS_SQL = `
        ALTER TABLE messages ADD COLUMN reply_to_id TEXT;
        CREATE TABLE reactions (
          id TEXT PRIMARY KEY,
          message_id TEXT NOT NULL REFERENCES messages(id),
          room_id TEXT NOT NULL REFERENCES rooms(id),
          user_id TEXT NOT NULL REFERENCES users(id),
          emoji TEXT NOT NULL,
          removed INTEGER NOT NULL DEFAULT 0,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX reactions_room ON reactions(room_id);
        CREATE INDEX reactions_message ON reactions(message_id);
`;

/** Migration 8, the same text on both backends: room status and posting, membership role. */
export const ROOM_KINDS_SQL = `
        ALTER TABLE rooms ADD COLUMN status TEXT CHECK (status IN ('open','resolved'));
        ALTER TABLE rooms ADD COLUMN posting TEXT NOT NULL DEFAULT 'all' CHECK (posting IN ('all','staff'));
        ALTER TABLE memberships ADD COLUMN role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner','member'));
        CREATE INDEX rooms_support ON rooms(room_type, status, created_by, job_id);
        CREATE INDEX rooms_job ON rooms(job_id);
`;

/**
 * Migration 10, the same text on both backends: the album a photo was sent in (several photos
 * sent at once, one message each). The index serves the album rule's look-up of the other
 * photos of an album when one is pushed.
 */
export const ALBUMS_SQL = `
        ALTER TABLE messages ADD COLUMN album_id TEXT;
        CREATE INDEX messages_album ON messages(album_id) WHERE album_id IS NOT NULL;
`;
