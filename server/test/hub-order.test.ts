import type { Response } from 'express';
import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ChangeBatch } from '../src/db/store';
import { createHub } from '../src/realtime/hub';
import type { Presence } from '../src/realtime/presence';
import type { StreamChangeEvent } from '../src/shared';

/**
 * The stream rule of "The checkpoint hazard" (docs/server.md), without a database and without
 * timing: feed positions are handed out in commit order, but the committed batches reach the hub
 * in any order (two commits on one pool, or from other instances through Redis). Whatever that
 * order, a client that applies the stream's events and keeps the last checkpoint must hold every
 * document at or below it, never receive one twice, and end with all of them.
 */

const USER = 'u1';

/** One scenario: `n` commits, and for each step whether the next commit happens or a pending batch arrives. */
const scenario = fc
  .integer({ min: 1, max: 12 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.nat(), { minLength: 2 * n, maxLength: 2 * n }), fc.array(fc.boolean(), { minLength: 2 * n, maxLength: 2 * n })));

function fakeResponse(events: StreamChangeEvent[]): Response {
  const res = {
    writableLength: 0,
    write(chunk: string) {
      const data = /^data: (.*)$/m.exec(chunk)?.[1];
      if (data?.startsWith('{')) events.push(JSON.parse(data) as StreamChangeEvent);
      return true;
    },
    end() {},
  };
  return res as unknown as Response;
}

async function run(n: number, picks: number[], commitFirst: boolean[]) {
  const committed: Array<{ id: string; seq: number }> = [];
  const presence: Presence = {
    join: async () => false,
    leave: async () => false,
    online: async () => new Set<string>(),
  } as unknown as Presence;
  const hub = createHub(
    {
      async feedAfter(positions, limit) {
        return positions.flatMap(({ since }, k) =>
          committed.filter((r) => r.seq > since).slice(0, limit).map((r) => ({ k, doc_id: r.id, seq: r.seq, revoked: 0 })),
        );
      },
      wireJson: async (rows) => rows.map(({ row }) => JSON.stringify({ id: row.doc_id })),
      position: async () => 0,
      coMembers: async () => [],
      heads: async () => [{ collection: 'messages', seq: committed.at(-1)?.seq ?? 0 }],
      presence,
      announce: () => {},
      log: pino({ level: 'silent' }),
    },
    60_000,
  );
  const events: StreamChangeEvent[] = [];
  hub.open(USER, 's1', fakeResponse(events), [{ collection: 'messages', seq: 0 }]);

  // Commit k takes position k (commit order); its batch waits in `pending` until it "arrives".
  const pending: ChangeBatch[] = [];
  let next = 1;
  const arrive = async (i: number) => {
    const [batch] = pending.splice(i % pending.length, 1);
    hub.deliver(batch as ChangeBatch);
    await new Promise((r) => setImmediate(r)); // let the hub's queue run, as between two I/O events
  };
  for (let step = 0; step < picks.length; step++) {
    if (next <= n && (commitFirst[step] || pending.length === 0)) {
      committed.push({ id: `m${next}`, seq: next });
      pending.push({ changes: [{ userId: USER, collection: 'messages', docId: `m${next}`, seq: next }], resyncUsers: new Set() });
      next += 1;
    } else if (pending.length > 0) {
      await arrive(picks[step] as number);
    }
  }
  while (next <= n) {
    committed.push({ id: `m${next}`, seq: next });
    pending.push({ changes: [{ userId: USER, collection: 'messages', docId: `m${next}`, seq: next }], resyncUsers: new Set() });
    next += 1;
  }
  while (pending.length > 0) await arrive(0);
  hub.close();
  return events;
}

describe('batches reaching a stream out of commit order', () => {
  it('never let its checkpoint pass a document it did not send, nor send one twice', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([n, picks, commitFirst]) => {
        const events = await run(n, picks, commitFirst);
        const held = new Set<string>();
        for (const e of events) {
          for (const doc of e.documents) {
            expect(held.has(doc.id), `${doc.id} sent twice`).toBe(false);
            held.add(doc.id);
          }
          for (let seq = 1; seq <= e.checkpoint.seq; seq++) expect(held, `checkpoint ${e.checkpoint.seq} passed m${seq}`).toContain(`m${seq}`);
        }
        expect(held.size).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('a later batch arriving first carries the earlier document with it', async () => {
    // m1 and m2 commit in that order, m2's batch arrives first.
    const events = await run(2, [0, 0, 1, 0], [true, true, false, false]);
    expect(events.map((e) => [e.documents.map((d) => d.id), e.checkpoint.seq])).toEqual([[['m1', 'm2'], 2]]);
  });
});
