import { createAccount } from './domain/accounts';
import { commit, type Ctx } from './domain/context';
import { createJob } from './domain/jobs';
import { insertMessage } from './domain/messages';
import { insertManagedRoom, planManagedRoom } from './domain/groups';
import { ensureDm } from './domain/rooms';
import { DEMO_PASSWORD, managedRoomId, newMessageId, type RoomDoc } from './shared';

const PEOPLE = [
  { username: 'alice', first_name: 'Alice', last_name: 'Martin', role: 'client' },
  { username: 'carol', first_name: 'Carol', last_name: 'Nguyen', role: 'client' },
  { username: 'bob', first_name: 'Bob', last_name: 'Okafor', role: 'cleaner' },
  { username: 'dave', first_name: 'Dave', last_name: 'Silva', role: 'cleaner' },
  // A support account, so a newcomer can try both sides of "Contact support".
  { username: 'sam', first_name: 'Sam', last_name: 'Reyes', role: 'support' },
] as const;

/** Demo users and conversations for an empty database (`DEMO=1`), so a newcomer can sign in at once. */
export async function seedDemo(ctx: Ctx): Promise<void> {
  const ids: Record<string, string> = {};
  for (const p of PEOPLE) {
    const row = await createAccount(ctx, { ...p, email: `${p.username}@example.com`, password: DEMO_PASSWORD });
    ids[p.username] = row.id;
  }
  const alice = ids.alice as string;
  const bob = ids.bob as string;
  const scheduled = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  scheduled.setUTCHours(9, 0, 0, 0);
  const job = await createJob(ctx, alice, {
    title: 'Deep clean, 2-bed flat',
    address: '12 Harbour Street, Flat 3',
    scheduled_at: scheduled.toISOString(),
    cleaner_id: bob,
  });
  const base = Date.now() - 60 * 60 * 1000;
  const say = (room: RoomDoc, sender: string, content: string, minutes: number) =>
    commit(ctx, async (rec) => {
      const at = new Date(base + minutes * 60 * 1000).toISOString();
      await insertMessage(
        ctx,
        rec,
        { id: newMessageId(), room, senderId: sender, content, kind: 'text', createdAt: at, attachment: null, location: null, replyToId: null },
        at,
      );
    });
  const jobRoom = (await ctx.store.rooms.byId(`job:${job.id}`)) as RoomDoc;
  await say(jobRoom, alice, 'Hi Bob, the key box code is on its way. Is 9:00 still fine?', 0);
  await say(jobRoom, bob, 'Morning! 9:00 works. Any rooms to skip?', 5);
  await say(jobRoom, alice, 'Skip the study, please. Thanks!', 8);
  const dm = (await commit(ctx, (rec) => ensureDm(ctx, rec, [alice, bob], alice, new Date(base).toISOString()))).room;
  await say(dm, bob, 'Thanks for booking again, Alice.', 20);
  await say(dm, alice, 'You did a great job last time. Free next month too?', 25);
  await commit(ctx, (rec) => ensureDm(ctx, rec, [ids.carol as string, ids.dave as string], ids.carol as string, new Date().toISOString()));
  const news = await commit(ctx, async (rec) => {
    const now = new Date(base).toISOString();
    const plan = await planManagedRoom(ctx, ids.sam as string, {
      room_type: 'general',
      name: 'Cleanchat news',
      participant_ids: Object.values(ids),
      posting: 'staff',
    });
    return (await insertManagedRoom(ctx, rec, ids.sam as string, plan, managedRoomId('general'), now)).room;
  });
  await say(news, ids.sam as string, 'Welcome to Cleanchat! Updates about the service are posted here.', 30);
  ctx.log.info({ users: PEOPLE.map((p) => p.username) }, 'seeded demo data');
}
