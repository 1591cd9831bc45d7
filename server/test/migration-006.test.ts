import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createAttachmentsRepo } from '../src/db/attachments';
import { createMessagesRepo } from '../src/db/messages';
import { migrate, MIGRATIONS } from '../src/db/migrations';
import { sqliteSql } from '../src/db/sql';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const T = '2026-01-01T10:00:00.000Z';

describe('migration 6: attachments and locations', () => {
  it('keeps every message of version 5 as it was, with no attachment and no location, and records uploads', async () => {
    const db = new Database(':memory:');
    open.push(db);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 5));
    // Only the message rows matter here, not the users and rooms they point at.
    db.pragma('foreign_keys = OFF');
    db.prepare(
      `INSERT INTO messages (id, room_id, sender_id, content, kind, created_at, server_seq, received_at, edited_at, deleted)
       VALUES ('m1', 'dm:a:b', 'a', 'hello', 'text', ?, 1, ?, NULL, 0), ('m2', 'dm:a:b', 'b', '', 'text', ?, 2, ?, ?, 1)`,
    ).run(T, T, T, T, T);
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 6))).toBe(6);
    const sql = sqliteSql(db);
    const messages = createMessagesRepo(sql);
    expect(await messages.byId('m1')).toMatchObject({ content: 'hello', deleted: false, attachment: null, location: null });
    expect(await messages.byId('m2')).toMatchObject({ deleted: true, attachment: null, location: null });

    const attachments = createAttachmentsRepo(sql);
    const row = {
      id: 'att1', uploader_id: 'a', source_sha256: 's'.repeat(64), sha256: 'd'.repeat(64), name: 'x.pdf', mime: 'application/pdf',
      size: 10, width: null, height: null, duration_ms: null, thumbnail: null, created_at: T, used_at: T,
    };
    expect(await attachments.insertOrGet(row)).toEqual(row);
    // The same bytes from the same user are the same upload.
    expect((await attachments.insertOrGet({ ...row, id: 'att2', name: 'y.pdf' })).id).toBe('att1');
    expect(await attachments.bytesBy('a')).toBe(10);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT MIN(id) FROM messages WHERE attachment_id = 'att1' GROUP BY room_id").all();
    expect(JSON.stringify(plan)).toContain('messages_attachment');
  });
});
