import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JobDoc } from '../src/shared';
import { createJob, say } from './fixtures';
import { closeAll, register, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

it('a newly assigned cleaner receives the room history newest first', async () => {
  const client = await register(server, 'client');
  const first = await register(server, 'cleaner');
  const second = await register(server, 'cleaner');
  const job = await createJob(client, first.id);
  const room = `job:${job.id}`;
  for (const text of ['oldest', 'middle', 'newest']) await say(client, room, text);

  expect((await client.patch<JobDoc>(`/api/jobs/${job.id}`, { cleaner_id: second.id })).status).toBe(200);
  const page = await second.pull('messages', null, 1);
  expect(page.body.documents.map((m) => m.content)).toEqual(['newest']);
  const rest = await second.pull('messages', page.body.checkpoint, 10);
  expect(rest.body.documents.map((m) => m.content)).toEqual(['middle', 'oldest']);
});
