import type { MessageAttachment } from '../shared';
import { forUpdate, type Sql } from './sql';

/** One upload (migration 6): the attachment a message may carry, and who uploaded it. */
export interface AttachmentRow {
  id: string;
  uploader_id: string;
  /** The uploaded bytes' sha-256: the same bytes from the same user are the same attachment. */
  source_sha256: string;
  /** The stored bytes' sha-256 (after re-encoding a photo): the blob's address. */
  sha256: string;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  thumbnail: string | null;
  created_at: string;
  /** Upload, or the latest send of a message carrying it: the grace period of collection runs from here. */
  used_at: string;
}

/** The part of a row a message carries (SPEC §8). */
export const messageAttachmentOf = (row: AttachmentRow): MessageAttachment => ({
  id: row.id,
  name: row.name,
  mime: row.mime,
  size: row.size,
  width: row.width,
  height: row.height,
  duration_ms: row.duration_ms,
  thumbnail: row.thumbnail,
});

export function createAttachmentsRepo(sql: Sql) {
  return {
    /** Inserts unless this user already uploaded these bytes; answers the row that holds them. */
    async insertOrGet(row: AttachmentRow): Promise<AttachmentRow> {
      await sql.run(
        `INSERT INTO attachments (id, uploader_id, source_sha256, sha256, name, mime, size, width, height, duration_ms,
           thumbnail, created_at, used_at)
         VALUES (@id, @uploader_id, @source_sha256, @sha256, @name, @mime, @size, @width, @height, @duration_ms,
           @thumbnail, @created_at, @used_at)
         ON CONFLICT (uploader_id, source_sha256) DO NOTHING`,
        { ...row },
      );
      return (await this.byUpload(row.uploader_id, row.source_sha256)) as AttachmentRow;
    },
    byId: (id: string) => sql.get<AttachmentRow>('SELECT * FROM attachments WHERE id = ?', [id]),
    /** Locks the row until the transaction ends, so a sweep cannot collect it under a send. */
    byIdForUpdate: (id: string) => sql.get<AttachmentRow>(forUpdate(sql, 'SELECT * FROM attachments WHERE id = ?'), [id]),
    byUpload: (uploaderId: string, sourceSha256: string) =>
      sql.get<AttachmentRow>('SELECT * FROM attachments WHERE uploader_id = ? AND source_sha256 = ?', [uploaderId, sourceSha256]),
    /** A send restarts the grace period, so the row outlives the sweep running at the same moment. */
    touch: async (id: string, now: string) => void (await sql.run('UPDATE attachments SET used_at = ? WHERE id = ?', [now, id])),
    /** Bytes this user's uploads hold, for the storage quota. */
    bytesBy: async (uploaderId: string) =>
      Number((await sql.get<{ n: number | null }>('SELECT SUM(size) AS n FROM attachments WHERE uploader_id = ?', [uploaderId]))?.n ?? 0),
    /** One message per room that carries the attachment: enough to ask the audience rule. */
    messagesHolding: async (id: string) =>
      (
        await sql.all<{ id: string }>(
          'SELECT MIN(id) AS id FROM messages WHERE attachment_id = ? GROUP BY room_id',
          [id],
        )
      ).map((r) => r.id),
    /** Deletes the uploads no message carries, unused since `cutoff`; answers how many. */
    sweep: (cutoff: string) =>
      sql.run(
        `DELETE FROM attachments WHERE used_at < ?
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.attachment_id = attachments.id)`,
        [cutoff],
      ),
    /** Does any upload still point at this blob? */
    blobInUse: async (sha256: string) =>
      (await sql.get<{ one: number }>('SELECT 1 AS one FROM attachments WHERE sha256 = ? LIMIT 1', [sha256])) !== undefined,
  };
}
export type AttachmentsRepo = ReturnType<typeof createAttachmentsRepo>;
