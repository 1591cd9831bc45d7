import type { Response } from 'express';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { FeedPosition } from '../src/db/feed';
import type { ChangeBatch } from '../src/db/store';
import { createHub } from '../src/realtime/hub';
import type { Presence } from '../src/realtime/presence';
import type { CollectionName, StreamChangeEvent } from '../src/shared';

/**
 * The hub's work for one commit (docs/server.md, "The live stream"), counted without a database
 * and without timing: positions read from the feed, documents serialised, writes per stream, and
 * that none of it runs before the committing request's own answer can leave.
 */

interface Row {
  userId: string;
  collection: CollectionName;
  docId: string;
  seq: number;
}

function fakeHub(committed: Row[]) {
  const work = { feedReads: 0, positions: 0, serialised: 0 };
  const presence = { join: async () => false, leave: async () => false, online: async () => new Set<string>() } as unknown as Presence;
  const hub = createHub(
    {
      async feedAfter(positions: ReadonlyArray<FeedPosition>, limit: number) {
        work.feedReads += 1;
        work.positions += positions.length;
        return positions.flatMap(({ userId, collection, since }, k) =>
          committed
            .filter((r) => r.userId === userId && r.collection === collection && r.seq > since)
            .slice(0, limit)
            .map((r) => ({ k, doc_id: r.docId, seq: r.seq, revoked: 0 })),
        );
      },
      wireJson: async (rows) => rows.map(({ row }) => (work.serialised++, JSON.stringify({ id: row.doc_id }))),
      position: async () => 0,
      coMembers: async () => [],
      heads: async () => [],
      presence,
      announce: () => {},
      log: pino({ level: 'silent' }),
    },
    60_000,
  );
  return { hub, work };
}

/** A stream's response: every `write` call, and the change events in them. */
function stream() {
  const writes: string[] = [];
  const res = { writableLength: 0, writableEnded: false, destroyed: false, write: (chunk: string) => writes.push(chunk) > 0, end() {} };
  const events = () =>
    writes.flatMap((w) => [...w.matchAll(/^data: (\{.*)$/gm)].map((m) => JSON.parse(m[1] as string) as StreamChangeEvent));
  return { res: res as unknown as Response, writes, events };
}

const batchOf = (rows: Row[]): ChangeBatch => ({ changes: rows, resyncUsers: new Set() });

describe('one commit fanned out to many streams', () => {
  const committed: Row[] = [
    { userId: 'ann', collection: 'messages', docId: 'm1', seq: 1 },
    { userId: 'ann', collection: 'rooms', docId: 'r1', seq: 2 },
    { userId: 'bob', collection: 'messages', docId: 'm1', seq: 3 },
    { userId: 'bob', collection: 'rooms', docId: 'r1', seq: 4 },
  ];

  it("reads and builds one event for all of a user's streams at the same place, written once per stream", async () => {
    const { hub, work } = fakeHub(committed);
    const anns = [stream(), stream(), stream()];
    const bob = stream();
    for (const [i, s] of anns.entries()) hub.open('ann', `a${i}`, s.res, []);
    hub.open('bob', 'b', bob.res, []);
    await hub.idle(); // the streams' opening (presence) first

    hub.deliver(batchOf(committed));
    await hub.idle();

    // Two users × two collections, however many streams each user holds (main: 4 × 2).
    expect(work).toEqual({ feedReads: 1, positions: 4, serialised: 4 });
    for (const s of [...anns, bob]) {
      expect(s.writes).toHaveLength(1); // both collections' events in one write (main: one write each)
      expect(s.events().map((e) => [e.collection, e.documents.map((d) => d.id), e.checkpoint.seq])).toEqual(
        s === bob ? [['messages', ['m1'], 3], ['rooms', ['r1'], 4]] : [['messages', ['m1'], 1], ['rooms', ['r1'], 2]],
      );
    }
    hub.close();
  });

  it('streams of one user at different places are read apart, each from its own position', async () => {
    const { hub, work } = fakeHub(committed);
    const [behind, ahead] = [stream(), stream()];
    hub.open('ann', 'a0', behind.res, []);
    hub.open('ann', 'a1', ahead.res, [{ collection: 'messages', seq: 1 }]);
    await hub.idle();

    hub.deliver(batchOf(committed.slice(0, 2)));
    await hub.idle();

    expect(work.positions).toBe(3);
    expect(behind.events().map((e) => e.collection)).toEqual(['messages', 'rooms']);
    expect(ahead.events().map((e) => e.collection)).toEqual(['rooms']);
    hub.close();
  });

  it('starts after the current turn of the event loop, so the request that committed is answered first', async () => {
    const { hub, work } = fakeHub(committed);
    const ann = stream();
    hub.open('ann', 'a', ann.res, []);
    await hub.idle();

    hub.deliver(batchOf(committed.slice(0, 2)));
    // Every read here resolves at once, as SQLite's do: run in this turn, the whole fan-out
    // would finish within these microtasks, before the answer's bytes (queued with nextTick).
    for (let i = 0; i < 200; i++) await Promise.resolve();
    expect([work.feedReads, ann.writes.length]).toEqual([0, 0]);

    await hub.idle();
    expect([work.feedReads, ann.writes.length]).toEqual([1, 1]);
    hub.close();
  });
});
