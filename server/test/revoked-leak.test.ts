import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, TIMESTAMP_PATTERN, nowIso, type CollectionName, type JobDoc, type SyncCheckpoint, type WireDoc } from '../src/shared';
import { closeAll, register, startTestServer, type Client, type TestServer } from './helpers';
import { assertSchema, createJob, say } from './fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(closeAll);

type Checkpoints = Record<CollectionName, SyncCheckpoint | null>;

async function syncAll(who: Client): Promise<Checkpoints> {
  const out = {} as Checkpoints;
  for (const c of COLLECTIONS) out[c] = (await who.pullAll(c)).checkpoint;
  return out;
}

/** Every string anywhere in a document, with the path it sits at. */
function strings(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

const isTime = (s: string) => new RegExp(TIMESTAMP_PATTERN).test(s);

/**
 * The audit's reproduction (issue 7 §1): a cleaner taken off a job pulls again and must read
 * nothing written after his removal — no new address, participant, latest message, edit or
 * read time — whether he pulls from his checkpoint or from nothing.
 */
describe('a removed cleaner pulling again', () => {
  it('receives nothing written after access ended, from his checkpoint and from none', async () => {
    const [client, removed, next] = await Promise.all([
      register(server, 'client'),
      register(server, 'cleaner'),
      register(server, 'cleaner'),
    ]);
    const job = await createJob(client, removed.id);
    const room = `job:${job.id}`;
    const old = await say(client, room, 'the key is under the mat');
    await say(removed, room, 'noted');
    const checkpoints = await syncAll(removed);

    const removedAt = nowIso();
    expect((await client.patch<JobDoc>(`/api/jobs/${job.id}`, { cleaner_id: next.id })).status).toBe(200);
    expect((await client.patch<JobDoc>(`/api/jobs/${job.id}`, { address: '221B Secret Street', title: 'Renamed job' })).status).toBe(200);
    await say(client, room, 'new alarm code 9876');
    const edited = await client.push('messages', [
      { newDocumentState: { ...old, content: 'edited after the removal', _deleted: false }, assumedMasterState: { ...old, _deleted: false } },
    ]);
    expect(edited.body).toEqual([]);
    expect((await next.post(`/api/chat/rooms/${room}/read/`)).status).toBe(200);
    expect((await client.post(`/api/chat/rooms/${room}/read/`)).status).toBe(200);

    const secrets = ['221B Secret Street', 'Renamed job', 'new alarm code 9876', 'edited after the removal', next.id];
    for (const from of ['checkpoint', 'none'] as const) {
      for (const c of COLLECTIONS) {
        const { documents } = await removed.pullAll(c, from === 'checkpoint' ? checkpoints[c] : null);
        assertSchema(c, documents as WireDoc<CollectionName>[]);
        for (const doc of documents) {
          if (doc.id !== removed.id) expect(doc._deleted, `${from} ${c} ${doc.id}`).toBe(true);
          for (const [path, value] of strings(doc)) {
            for (const secret of secrets) expect(value, `${from} ${c}${path}`).not.toContain(secret);
            if (isTime(value)) expect(value <= removedAt, `${from} ${c}${path} = ${value} after ${removedAt}`).toBe(true);
          }
        }
        if (c === 'messages') expect(documents.map((m) => m.id)).toContain(old.id);
      }
    }
  });
});
