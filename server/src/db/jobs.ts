import type { JobDoc } from '../shared';
import { forUpdate, inList, listParam, type Sql } from './sql';

export function createJobsRepo(sql: Sql) {
  return {
    insert: async (job: JobDoc) =>
      void (await sql.run(
        `INSERT INTO jobs (id, title, address, scheduled_at, status, client_id, cleaner_id, created_at, updated_at)
         VALUES (@id, @title, @address, @scheduled_at, @status, @client_id, @cleaner_id, @created_at, @updated_at)`,
        { ...job },
      )),
    byId: (id: string) => sql.get<JobDoc>('SELECT * FROM jobs WHERE id = ?', [id]),
    byIds: (ids: readonly string[]) => sql.all<JobDoc>(`SELECT * FROM jobs WHERE id ${inList(sql)}`, [listParam(sql, ids)]),
    /** Inside a transaction: the job, locked until it ends (`forUpdate`). */
    byIdForUpdate: (id: string) => sql.get<JobDoc>(forUpdate(sql, 'SELECT * FROM jobs WHERE id = ?'), [id]),
    update: async (job: JobDoc) =>
      void (await sql.run(
        `UPDATE jobs SET title = @title, address = @address, scheduled_at = @scheduled_at, status = @status,
           cleaner_id = @cleaner_id, updated_at = @updated_at WHERE id = @id`,
        { ...job },
      )),
  };
}
