import type { Response } from 'express';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { FeedPosition } from '../src/db/feed';
import type { Change, ChangeBatch } from '../src/db/store';
import { createHub } from '../src/realtime/hub';
import type { Presence } from '../src/realtime/presence';
import type { StreamChangeEvent } from '../src/shared';

/**
 * Delivered from the batch (docs/server.md): a commit whose positions follow on from the last
 * batch the hub handled is sent from its own rows, without reading the feed; a gap, or a commit
 * after the batch that may have changed its documents, makes the streams read the feed as before.
 * Counted (feed reads), without a database and without timing.
 */

/** A fake feed: one row per (user, collection, document), as the table holds it. */
function fakeHub() {
  const feed = new Map<string, Change>();
  let position = 0;
  const work = { feedReads: 0 };
  const presence = {
    join: async () => false,
    leave: async () => false,
    online: async () => new Set<string>(),
  } as unknown as Presence;
  const hub = createHub(
    {
      async feedAfter(positions: ReadonlyArray<FeedPosition>, limit: number) {
        work.feedReads += 1;
        return positions.flatMap(({ userId, collection, since }, k) =>
          [...feed.values()]
            .filter((r) => r.userId === userId && r.collection === collection && r.seq > since)
            .sort((a, b) => a.seq - b.seq)
            .slice(0, limit)
            .map((r) => ({ k, doc_id: r.docId, seq: r.seq, revoked: r.revoked ? 1 : 0 })),
        );
      },
      wireJson: async (rows) =>
        rows.map(({ row }) => JSON.stringify({ id: row.doc_id, _deleted: row.revoked === 1 })),
      position: async () => position,
      coMembers: async () => [],
      heads: async () => [],
      presence,
      announce: () => {},
      log: pino({ level: 'silent' }),
    },
    60_000,
  );
  /** Commits rows at the next positions (as the recorder does) and returns their batch. */
  const commit = (rows: Array<Omit<Change, 'seq'>>): ChangeBatch => {
    const from = position;
    const changes = rows.map((r) => ({ ...r, seq: ++position }));
    for (const c of changes) feed.set(`${c.userId}|${c.collection}|${c.docId}`, c);
    return { changes, resyncUsers: new Set(), range: { from, to: position } };
  };
  return { hub, work, commit };
}

function stream() {
  const writes: string[] = [];
  const res = {
    writableLength: 0,
    writableEnded: false,
    destroyed: false,
    write: (chunk: string) => writes.push(chunk) > 0,
    end() {},
  };
  const events = () =>
    writes.flatMap((w) =>
      [...w.matchAll(/^data: (\{.*)$/gm)].map((m) => JSON.parse(m[1] as string) as StreamChangeEvent),
    );
  return { res: res as unknown as Response, events };
}

const message = (userId: string, docId: string, revoked = false) => ({
  userId,
  collection: 'messages' as const,
  docId,
  revoked,
});
const seen = (s: ReturnType<typeof stream>) =>
  s
    .events()
    .flatMap((e) =>
      e.documents.map(
        (d) => `${d.id}${(d as { _deleted?: boolean })._deleted ? ' (deleted)' : ''}@${e.checkpoint.seq}`,
      ),
    );

describe('a batch that follows on from the last one', () => {
  it('is delivered from its own rows: no feed read once every stream stands on the mark', async () => {
    const { hub, work, commit } = fakeHub();
    const [ann, bob] = [stream(), stream()];
    hub.open('ann', 'a', ann.res, []);
    hub.open('bob', 'b', bob.res, []);
    await hub.idle();

    for (const id of ['m1', 'm2', 'm3', 'm4']) {
      hub.deliver(commit([message('ann', id), message('bob', id)]));
      await hub.idle();
    }

    // The first batch has no mark to follow (a gap), the second makes each stream read every
    // collection once; from then on nothing is read (main: one feed read per batch, 4).
    expect(work.feedReads).toBe(2);
    expect(seen(ann)).toEqual(['m1@1', 'm2@3', 'm3@5', 'm4@7']);
    expect(seen(bob)).toEqual(['m1@2', 'm2@4', 'm3@6', 'm4@8']);
    hub.close();
  });

  it('after a gap (a commit this hub never heard of), reads the feed and brings what the gap held', async () => {
    const { hub, work, commit } = fakeHub();
    const ann = stream();
    hub.open('ann', 'a', ann.res, []);
    await hub.idle();
    for (const id of ['m1', 'm2']) {
      hub.deliver(commit([message('ann', id)]));
      await hub.idle();
    }
    const before = work.feedReads;

    commit([{ userId: 'ann', collection: 'users', docId: 'ann', revoked: false }]); // never published
    hub.deliver(commit([message('ann', 'm3')]));
    await hub.idle();
    hub.deliver(commit([message('ann', 'm4')]));
    await hub.idle();

    expect(work.feedReads).toBe(before + 2);
    expect(ann.events().map((e) => `${e.collection}@${e.checkpoint.seq}`)).toEqual([
      'messages@1',
      'messages@2',
      'messages@4',
      'users@3',
      'messages@5',
    ]);
    hub.close();
  });

  it('reads the feed when a commit since may have changed its documents: a member removed since gets no later edit', async () => {
    const { hub, work, commit } = fakeHub();
    const bob = stream();
    hub.open('bob', 'b', bob.res, []);
    await hub.idle();
    for (const id of ['m1', 'm2']) {
      hub.deliver(commit([message('bob', id)]));
      await hub.idle();
    }
    const before = work.feedReads;

    // An edit of m1 reaches bob; before the hub gets to it, bob is removed (m1 revoked for him)
    // and m1 is edited again. Its document as loaded now is that later edit.
    const edit = commit([message('bob', 'm1')]);
    commit([message('bob', 'm1', true)]); // published later
    hub.deliver(edit);
    await hub.idle();

    expect(work.feedReads).toBe(before + 1);
    expect(seen(bob).at(-1)).toBe('m1 (deleted)@4');
    hub.close();
  });
});
