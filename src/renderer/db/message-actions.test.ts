import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localMessage, openTestDb } from '../test/fakes';
import type { CleanchatDatabase } from './database';
import { toMessageDoc } from './message-codec';
import { deleteMessage, editMessage, toggleReaction } from './message-actions';

const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';
let db: CleanchatDatabase;

beforeEach(async () => {
  db = await openTestDb('alice');
});
afterEach(async () => {
  await db.remove();
});

const stored = async (id: string) => (await db.messages.findOne(id).exec())?.toJSON();

describe('edit and delete on this device', SLOW, () => {
  it('edits my message at once, marked edited; refuses someone else’s and bad text', async () => {
    const mine = localMessage(DM, 'alice', { server_seq: 4, content: 'at 9' });
    const theirs = localMessage(DM, 'bob', { server_seq: 5 });
    await db.messages.bulkInsert([mine, theirs]);
    await editMessage(mine.id, '  at 10 ');
    expect(await stored(mine.id)).toMatchObject({ content: 'at 10', server_seq: 4, is_deleted: false });
    expect((await stored(mine.id))?.edited_at).not.toBeNull();
    await expect(editMessage(theirs.id, 'hijack')).rejects.toThrow(/only the sender/);
    await expect(editMessage(mine.id, '   ')).rejects.toThrow(/empty/);
    expect((await stored(theirs.id))?.content).toBe(theirs.content);
  });

  it('deletes my message: content cleared, marked deleted, and it can no longer be edited', async () => {
    const mine = localMessage(DM, 'alice', { server_seq: 4, content: 'wrong code 1234', reply_to_id: 'm0' });
    await db.messages.bulkInsert([mine]);
    await deleteMessage(mine.id);
    const doc = toMessageDoc((await stored(mine.id))!);
    expect(doc).toMatchObject({ content: '', deleted: true, reply_to_id: 'm0', sender_id: 'alice' });
    await expect(editMessage(mine.id, 'again')).rejects.toThrow(/deleted/);
  });
});

describe('reactions on this device', SLOW, () => {
  it('one per message: tap sets, another emoji replaces, the same again removes, and it can come back', async () => {
    const local = localMessage(DM, 'bob', { server_seq: 7 });
    await db.messages.bulkInsert([local]);
    const msg = toMessageDoc(local);
    const mine = () => db.reactions.find({ selector: { message_id: msg.id } }).exec();
    expect(await toggleReaction(msg, '👍')).toBe('added');
    expect(await toggleReaction(msg, '❤️')).toBe('added');
    expect((await mine()).map((r) => [r.id, r.emoji])).toEqual([[`${msg.id}|alice`, '❤️']]);
    expect(await toggleReaction(msg, '❤️')).toBe('removed');
    expect(await mine()).toEqual([]);
    expect(await toggleReaction(msg, '✅')).toBe('added');
    expect((await mine()).map((r) => r.emoji)).toEqual(['✅']);
  });

  it('refuses text, and messages the server has not acknowledged or that are deleted', async () => {
    const msg = toMessageDoc(localMessage(DM, 'bob', { server_seq: 7 }));
    await expect(toggleReaction(msg, 'ok')).rejects.toThrow(/one emoji/);
    await expect(toggleReaction({ ...msg, server_seq: 0 }, '👍')).rejects.toThrow(/once the message has been sent/);
    await expect(toggleReaction({ ...msg, deleted: true }, '👍')).rejects.toThrow(/once the message has been sent/);
    expect(await db.reactions.count().exec()).toBe(0);
  });
});
