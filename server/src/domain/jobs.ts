import { AppError } from '../errors';
import { emptyRoom, jobRoomId, newId, nowIso, type CreateJobBody, type JobDoc, type PatchJobBody, type RoomDoc } from '../shared';
import { commit, type Ctx } from './context';
import { createRoom, syncMembers } from './membership-ops';

async function requireCleaner(ctx: Ctx, cleanerId: string): Promise<void> {
  const user = await ctx.store.users.byId(cleanerId);
  if (!user || user.role !== 'cleaner') throw new AppError('invalid_cleaner', 'cleaner_id must name a cleaner');
}

const participantsOf = (job: JobDoc) => [job.client_id, ...(job.cleaner_id ? [job.cleaner_id] : [])];

/** A client creates a job; its room `job:<id>` is created in the same transaction. */
export async function createJob(ctx: Ctx, callerId: string, body: CreateJobBody): Promise<JobDoc> {
  const caller = await ctx.store.users.byId(callerId);
  if (caller?.role !== 'client') throw new AppError('forbidden', 'Only clients can create jobs');
  if (body.cleaner_id) await requireCleaner(ctx, body.cleaner_id);
  return commit(ctx, async (rec) => {
    const now = nowIso();
    const job: JobDoc = {
      id: newId(),
      title: body.title,
      address: body.address,
      scheduled_at: body.scheduled_at,
      status: body.cleaner_id ? 'assigned' : 'open',
      client_id: callerId,
      cleaner_id: body.cleaner_id ?? null,
      created_at: now,
      updated_at: now,
    };
    await ctx.store.jobs.insert(job);
    const room = emptyRoom({
      id: jobRoomId(job.id),
      room_type: 'job',
      name: job.title,
      job_id: job.id,
      participant_ids: participantsOf(job),
      created_by: callerId,
      now,
    });
    await createRoom(ctx.store, rec, room, room.participant_ids, now);
    return job;
  });
}

/**
 * Applies a PATCH by the job's client or cleaner; room participants follow the job. The job is
 * read again, locked, inside the transaction, so concurrent PATCHes of different fields all land.
 */
export async function patchJob(ctx: Ctx, callerId: string, jobId: string, body: PatchJobBody): Promise<JobDoc> {
  await ctx.authz.requireJob(callerId, jobId);
  return commit(ctx, async (rec) => {
    const job = (await ctx.store.jobs.byIdForUpdate(jobId)) as JobDoc;
    const next = await patched(ctx, callerId, job, body);
    const now = nowIso();
    next.updated_at = now;
    await ctx.store.jobs.update(next);
    rec.changed('jobs', job.id);
    const room = (await ctx.store.rooms.byIdForUpdate(jobRoomId(job.id))) as RoomDoc;
    await ctx.store.rooms.update({ ...room, name: next.title, updated_at: now });
    rec.changed('rooms', room.id);
    await syncMembers(ctx.store, rec, room, participantsOf(next), now);
    return next;
  });
}

/** The job after `body`, or the error that refuses it. */
async function patched(ctx: Ctx, callerId: string, job: JobDoc, body: PatchJobBody): Promise<JobDoc> {
  const isClient = job.client_id === callerId;
  if (job.status === 'done' || job.status === 'cancelled') throw new AppError('job_closed', `The job is ${job.status}`);
  const next: JobDoc = { ...job };
  const clientOnly = body.cleaner_id !== undefined || body.title || body.address || body.scheduled_at;
  if (clientOnly && !isClient) throw new AppError('forbidden', "Only the job's client can change it");
  if (body.cleaner_id !== undefined) {
    if (body.cleaner_id !== null) await requireCleaner(ctx, body.cleaner_id);
    next.cleaner_id = body.cleaner_id;
    next.status = body.cleaner_id ? 'assigned' : 'open';
  }
  if (body.title) next.title = body.title;
  if (body.address) next.address = body.address;
  if (body.scheduled_at) next.scheduled_at = body.scheduled_at;
  if (body.status !== undefined) {
    if (body.status === 'done') {
      if (callerId !== next.cleaner_id) throw new AppError('forbidden', 'Only the cleaner can mark the job done');
    } else if (body.status === 'cancelled') {
      if (!isClient) throw new AppError('forbidden', 'Only the client can cancel the job');
    } else {
      throw new AppError('validation_failed', 'Invalid request: status open/assigned follows cleaner_id');
    }
    next.status = body.status;
  }
  return next;
}

export async function jobChat(ctx: Ctx, callerId: string, jobId: string): Promise<RoomDoc> {
  await ctx.authz.requireJob(callerId, jobId);
  return ctx.authz.requireRoom(callerId, jobRoomId(jobId));
}
