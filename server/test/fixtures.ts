import { wireDocProblem } from '../src/domain/push-validation';
import type { CollectionName, JobDoc, MessageDoc, StartDmResponse, WireDoc } from '../src/shared';
import { register, type Client } from './helpers';

/** Throws unless every document validates against its collection's shared schema (deleted ones too). */
export function assertSchema(collection: CollectionName, docs: WireDoc<CollectionName>[]): void {
  for (const doc of docs) {
    const problem = wireDocProblem(collection, doc);
    if (problem) throw new Error(`${collection} ${JSON.stringify(doc)}: ${problem}`);
  }
}

export const JOB_BODY = { title: 'Oven clean', address: '9 Lane', scheduled_at: '2030-05-05T10:00:00.000Z' };

export async function createJob(client: Client, cleanerId?: string): Promise<JobDoc> {
  const res = await client.post<JobDoc>('/api/jobs', cleanerId ? { ...JOB_BODY, cleaner_id: cleanerId } : JOB_BODY);
  if (res.status !== 201) throw new Error(`create job answered ${res.status}`);
  return res.body;
}

export async function startDm(a: Client, b: Client): Promise<string> {
  const res = await a.post<StartDmResponse>('/api/chat/rooms/start_dm/', { user_id: b.id });
  if (res.status !== 200 && res.status !== 201) throw new Error(`start_dm answered ${res.status}`);
  return res.body.room.id;
}

export async function say(who: Client, roomId: string, content = 'hello'): Promise<MessageDoc> {
  const res = await who.post<MessageDoc>(`/api/chat/rooms/${roomId}/messages/`, { content });
  if (res.status !== 201) throw new Error(`post message answered ${res.status}`);
  return res.body;
}

/** A client and a cleaner with a job chat (with messages) and a DM (with messages). */
export async function pairWithHistory(server: { url: string }, messages = 3) {
  const [client, cleaner] = await Promise.all([register(server, 'client'), register(server, 'cleaner')]);
  const job = await createJob(client, cleaner.id);
  const jobRoom = `job:${job.id}`;
  const dmRoom = await startDm(client, cleaner);
  const sent: MessageDoc[] = [];
  for (let i = 0; i < messages; i++) {
    sent.push(await say(i % 2 ? cleaner : client, jobRoom, `job message ${i}`));
    sent.push(await say(i % 2 ? client : cleaner, dmRoom, `dm message ${i}`));
  }
  return { client, cleaner, job, jobRoom, dmRoom, sent };
}

export const idsOf = (docs: Array<{ id: string }>) => docs.map((d) => d.id);
/** The last state per id of a pulled document stream. */
export function latest<T extends { id: string }>(docs: T[]): Map<string, T> {
  return new Map(docs.map((d) => [d.id, d]));
}
