import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDoc, RoomDoc } from '../src/shared';
import { closeAll, errorCode, register, startTestServer, type Client, type TestServer } from './helpers';

let server: TestServer;
let client: Client;
let bob: Client;
let dave: Client;
let outsider: Client;

beforeAll(async () => {
  server = await startTestServer();
  [client, bob, dave, outsider] = await Promise.all([
    register(server, 'client'),
    register(server, 'cleaner'),
    register(server, 'cleaner'),
    register(server, 'client'),
  ]);
});
afterAll(closeAll);

const jobBody = (extra: Record<string, unknown> = {}) => ({
  title: 'Deep clean',
  address: '1 Test Street',
  scheduled_at: '2030-01-02T09:00:00.000Z',
  ...extra,
});

async function createJob(cleanerId?: string): Promise<JobDoc> {
  const res = await client.post<JobDoc>('/api/jobs', jobBody(cleanerId ? { cleaner_id: cleanerId } : {}));
  expect(res.status).toBe(201);
  return res.body;
}

const chat = (who: Client, job: JobDoc) => who.get<RoomDoc>(`/api/jobs/${job.id}/chat`);

describe('POST /api/jobs', () => {
  it('a client creates an open job and its room job:<id> with the client in it', async () => {
    const job = await createJob();
    expect(job).toMatchObject({ title: 'Deep clean', address: '1 Test Street', status: 'open', client_id: client.id, cleaner_id: null });
    const room = await chat(client, job);
    expect(room.status).toBe(200);
    expect(room.body).toMatchObject({ id: `job:${job.id}`, room_type: 'job', job_id: job.id, participant_ids: [client.id] });
  });

  it('with cleaner_id the job is assigned and the room holds both, sorted', async () => {
    const job = await createJob(bob.id);
    expect(job.status).toBe('assigned');
    const room = await chat(bob, job);
    expect(room.status).toBe(200);
    expect(room.body.participant_ids).toEqual([client.id, bob.id].sort());
  });

  it('a cleaner cannot create a job (403)', async () => {
    const res = await bob.post('/api/jobs', jobBody());
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('forbidden');
  });

  it.each([
    ['missing title', { title: undefined }],
    ['bad scheduled_at', { scheduled_at: 'tomorrow' }],
    ['unknown field', { price: 10 }],
    ['title not a string', { title: 5 }],
  ])('400 for %s', async (_name, extra) => {
    const res = await client.post('/api/jobs', jobBody(extra));
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
  });

  it('400 invalid_cleaner when cleaner_id names a client or nobody', async () => {
    for (const id of [outsider.id, 'no-such-user']) {
      const res = await client.post('/api/jobs', jobBody({ cleaner_id: id }));
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('invalid_cleaner');
    }
  });
});

describe('PATCH /api/jobs/:id', () => {
  it('assign, reassign and clear move the participants and the status', async () => {
    const job = await createJob();
    const assigned = await client.patch<JobDoc>(`/api/jobs/${job.id}`, { cleaner_id: bob.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', cleaner_id: bob.id });
    expect((await chat(bob, job)).body.participant_ids).toEqual([client.id, bob.id].sort());

    const reassigned = await client.patch<JobDoc>(`/api/jobs/${job.id}`, { cleaner_id: dave.id });
    expect(reassigned.body).toMatchObject({ status: 'assigned', cleaner_id: dave.id });
    expect((await chat(client, job)).body.participant_ids).toEqual([client.id, dave.id].sort());
    expect((await chat(dave, job)).status).toBe(200);
    expect((await chat(bob, job)).status).toBe(404);
    expect((await bob.get(`/api/chat/rooms/job:${job.id}/`)).status).toBe(404);

    const cleared = await client.patch<JobDoc>(`/api/jobs/${job.id}`, { cleaner_id: null });
    expect(cleared.body).toMatchObject({ status: 'open', cleaner_id: null });
    expect((await chat(client, job)).body.participant_ids).toEqual([client.id]);
    expect((await chat(dave, job)).status).toBe(404);
  });

  it('the cleaner sets done; the job is then closed (409)', async () => {
    const job = await createJob(bob.id);
    const done = await bob.patch<JobDoc>(`/api/jobs/${job.id}`, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('done');
    const after = await client.patch(`/api/jobs/${job.id}`, { title: 'Again' });
    expect(after.status).toBe(409);
    expect(errorCode(after)).toBe('job_closed');
  });

  it('the client cancels', async () => {
    const job = await createJob(bob.id);
    const res = await client.patch<JobDoc>(`/api/jobs/${job.id}`, { status: 'cancelled' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
  });

  it('wrong roles: client cannot set done, cleaner cannot cancel or reassign (403)', async () => {
    const job = await createJob(bob.id);
    for (const [who, body] of [
      [client, { status: 'done' }],
      [bob, { status: 'cancelled' }],
      [bob, { cleaner_id: dave.id }],
    ] as const) {
      const res = await who.patch(`/api/jobs/${job.id}`, body);
      expect(res.status).toBe(403);
      expect(errorCode(res)).toBe('forbidden');
    }
    const open = await client.patch(`/api/jobs/${job.id}`, { status: 'open' });
    expect(open.status).toBe(400);
  });

  it('someone who is neither client nor cleaner gets 404, like a missing job', async () => {
    const job = await createJob(bob.id);
    const foreign = await outsider.patch(`/api/jobs/${job.id}`, { status: 'cancelled' });
    const missing = await outsider.patch('/api/jobs/no-such-job', { status: 'cancelled' });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect((await dave.patch(`/api/jobs/${job.id}`, { status: 'done' })).status).toBe(404);
  });

  it('400 for an empty or unknown-field body', async () => {
    const job = await createJob();
    expect((await client.patch(`/api/jobs/${job.id}`, {})).status).toBe(400);
    expect((await client.patch(`/api/jobs/${job.id}`, { client_id: outsider.id })).status).toBe(400);
  });
});

describe('GET /api/jobs/:id/chat', () => {
  it('404 for a non-participant and for a missing job, identical bodies', async () => {
    const job = await createJob(bob.id);
    const foreign = await chat(outsider, job);
    const missing = await outsider.get('/api/jobs/nope/chat');
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(errorCode(foreign)).toBe('not_found');
  });

  it('works with a trailing slash', async () => {
    const job = await createJob();
    expect((await client.get(`/api/jobs/${job.id}/chat/`)).status).toBe(200);
  });
});
