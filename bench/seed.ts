import { dmRoomId } from '../src/shared/ids';
import { createRow, messageDoc } from '../testkit/docs';
import type { Client } from '../testkit/http';

const BATCH = 500;
const CONCURRENT_PUSHES = 4;

/**
 * Writes `total` messages from `sender` into their DM with `receiverId` straight into the sync
 * API, one millisecond apart and all in the past; the n-th says `${prefix} n`. Returns ms taken.
 */
export async function seedDm(sender: Client, receiverId: string, total: number, prefix = 'bulk message'): Promise<number> {
  const roomId = dmRoomId(sender.id, receiverId);
  const start = Date.now() - total;
  const batch = (from: number) =>
    Array.from({ length: Math.min(BATCH, total - from) }, (_, i) =>
      createRow(messageDoc(sender.id, roomId, { content: `${prefix} ${from + i}`, created_at: new Date(start + from + i).toISOString() })),
    );
  const push = async (from: number) => {
    const conflicts = await sender.call<unknown[]>('POST', '/api/sync/messages/push', batch(from));
    if (conflicts.length > 0) throw new Error(`seeding: ${conflicts.length} rows refused`);
  };
  const began = performance.now();
  if (total <= 0) return 0;
  await push(0); // creates the DM, then the rest may go in parallel
  let next = BATCH;
  const worker = async () => {
    while (next < total) {
      const from = next;
      next += BATCH;
      await push(from);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_PUSHES }, worker));
  return performance.now() - began;
}
