import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CleanchatDatabase } from '../../db/database';
import { useRoomMessages } from '../../db/hooks-messages';
import { PAGE_SIZE } from '../../db/messages';
import { at, localMessage, membership, openTestDb } from '../../test/fakes';
import { useRoomPlace } from './useRoomPlace';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 60_000 };
const DM = 'dm:alice:bob';
const HISTORY = 400;

let db: CleanchatDatabase;
/** Documents the message store handed back to queries: what opening the room loaded. */
let loaded = 0;

beforeEach(async () => {
  db = await openTestDb('alice');
  const query = db.messages.storageInstance.query.bind(db.messages.storageInstance);
  vi.spyOn(db.messages.storageInstance, 'query').mockImplementation(async (prepared) => {
    const result = await query(prepared);
    loaded += result.documents.length;
    return result;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.remove();
});

async function neverReadRoom(): Promise<string[]> {
  const docs = Array.from({ length: HISTORY }, (_, i) => localMessage(DM, 'bob', { server_seq: i + 1, created_at: at(i) }));
  await db.messages.bulkInsert(docs);
  loaded = 0;
  return docs.map((d) => d.id);
}

function openRoom() {
  const memberships = [membership(DM, 'alice'), membership(DM, 'bob')];
  return renderHook(() => {
    const page = useRoomMessages(DM);
    const place = useRoomPlace(page, 'alice', memberships);
    return { page, place };
  });
}

describe('a never-read room opens at its divider', SLOW, () => {
  it('finds the first unread message with a query and loads a window around it, not the history', async () => {
    const ids = await neverReadRoom();
    const { result } = openRoom();
    await waitFor(() => expect(result.current.place.dividerId).toBe(ids[0]));
    await waitFor(() => expect(result.current.page.messages[0]?.id).toBe(ids[0]));
    expect(result.current.page.messages.length).toBeLessThanOrEqual(PAGE_SIZE);
    expect(result.current.page.hasOlder).toBe(false);
    expect(result.current.page.hasNewer).toBe(true);
    // The newest page, the first-unread lookup and the window around it: far fewer than the room.
    expect(loaded).toBeLessThan(HISTORY / 2);
  });

  it('scrolls forward from there, moving what counts as seen, and follows the room at its end', async () => {
    const ids = await neverReadRoom();
    const { result } = openRoom();
    await waitFor(() => expect(result.current.page.messages[0]?.id).toBe(ids[0]));
    const seenBefore = result.current.place.seen.at(-1)?.id;
    expect(seenBefore).toBe(ids[PAGE_SIZE - 1]);
    act(() => result.current.page.loadNewer());
    await waitFor(() => expect(result.current.page.messages).toHaveLength(2 * PAGE_SIZE));
    expect(result.current.place.seen.at(-1)?.id).toBe(ids[2 * PAGE_SIZE - 1]);
    expect(result.current.place.dividerId).toBe(ids[0]);
    while (result.current.page.hasNewer) {
      const length = result.current.page.messages.length;
      act(() => result.current.page.loadNewer());
      await waitFor(() => expect(result.current.page.messages.length).toBeGreaterThan(length));
    }
    expect(result.current.page.messages).toHaveLength(HISTORY);
    await act(() => db.messages.insert(localMessage(DM, 'bob', { server_seq: HISTORY + 1, content: 'live one' })));
    await waitFor(() => expect(result.current.page.messages.at(-1)?.content).toBe('live one'));
  });

  it('goes back to the end when I write from a window away from it', async () => {
    const ids = await neverReadRoom();
    const { result } = openRoom();
    await waitFor(() => expect(result.current.page.messages[0]?.id).toBe(ids[0]));
    await act(() => db.messages.insert(localMessage(DM, 'alice', { server_seq: 0, content: 'mine', created_at: new Date().toISOString() })));
    await waitFor(() => expect(result.current.page.messages.at(-1)?.content).toBe('mine'));
    expect(result.current.page.hasNewer).toBe(false);
    expect(result.current.page.messages.at(-2)?.id).toBe(ids.at(-1));
  });

  it('jumps far back to a page around a message, and scrolls back from there', async () => {
    const ids = await neverReadRoom();
    const { result } = renderHook(() => useRoomMessages(DM));
    await waitFor(() => expect(result.current.messages).toHaveLength(PAGE_SIZE));
    const target = ids[200] ?? '';
    await act(async () => {
      expect(await result.current.reveal(target)).toBe(true);
    });
    await waitFor(() => expect(result.current.messages[PAGE_SIZE / 2]?.id).toBe(target));
    expect(result.current.messages).toHaveLength(PAGE_SIZE / 2 + PAGE_SIZE);
    expect(result.current.hasOlder).toBe(true);
    expect(result.current.hasNewer).toBe(true);
    act(() => result.current.loadOlder());
    await waitFor(() => expect(result.current.messages[0]?.id).toBe(ids[200 - PAGE_SIZE / 2 - PAGE_SIZE]));
    expect(result.current.messages.at(-1)?.id).toBe(ids[200 + PAGE_SIZE - 1]);
  });
});
