import type { JobDoc } from '../shared';
import type { DB } from './database';

export function createJobsRepo(db: DB) {
  const insert = db.prepare(
    `INSERT INTO jobs (id, title, address, scheduled_at, status, client_id, cleaner_id, created_at, updated_at)
     VALUES (@id, @title, @address, @scheduled_at, @status, @client_id, @cleaner_id, @created_at, @updated_at)`,
  );
  const byId = db.prepare<[string], JobDoc>('SELECT * FROM jobs WHERE id = ?');
  const update = db.prepare(
    `UPDATE jobs SET title = @title, address = @address, scheduled_at = @scheduled_at, status = @status,
       cleaner_id = @cleaner_id, updated_at = @updated_at WHERE id = @id`,
  );
  return {
    insert: (job: JobDoc) => void insert.run(job),
    byId: (id: string) => byId.get(id),
    update: (job: JobDoc) => void update.run(job),
  };
}
