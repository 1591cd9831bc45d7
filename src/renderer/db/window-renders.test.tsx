import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetAppStore } from '../store';
import { localMessage, openTestDb, wireMessage } from '../test/fakes';
import { clearArrivals, noteArrivals } from './arrivals';
import type { CleanchatDatabase } from './database';
import { useRoomMessages } from './hooks-messages';
import { fromWireMessage } from './message-codec';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };
const DM = 'dm:alice:bob';

let db: CleanchatDatabase;

beforeEach(async () => {
  resetAppStore();
  db = await openTestDb('alice');
});
afterEach(async () => {
  clearArrivals();
  await db.remove();
});

/** The room's window, counting the renders its emissions cause. */
function openWindow() {
  const counter = { renders: 0 };
  const hook = renderHook(() => {
    counter.renders += 1;
    return useRoomMessages(DM);
  });
  return { ...hook, counter };
}

describe('the room window per incoming message', SLOW, () => {
  it('renders once: the stored copy of a streamed message and its leaving the overlay change nothing on screen', async () => {
    await db.messages.bulkInsert([localMessage(DM, 'bob'), localMessage(DM, 'bob')]);
    const { result, counter } = openWindow();
    await waitFor(() => expect(result.current.messages).toHaveLength(2));
    const page = result.current;

    const streamed = wireMessage(DM, 'bob', { content: 'on my way' });
    act(() => noteArrivals([streamed]));
    await waitFor(() => expect(result.current.messages).toHaveLength(3));
    const shown = result.current.messages[2];
    const afterArrival = counter.renders;

    // What RxDB's downstream does a moment later, then the overlay forgets the message.
    const { _deleted: _, ...stored } = fromWireMessage(streamed);
    await act(() => db.messages.insert(stored));
    act(() => clearArrivals());
    // The next message is the signal that everything before it has been seen by the window.
    await act(() => db.messages.insert(localMessage(DM, 'bob', { content: 'next' })));
    await waitFor(() => expect(result.current.messages).toHaveLength(4));

    expect(counter.renders - afterArrival).toBe(1);
    // The row of the streamed message keeps its object, so it does not render again either.
    expect(result.current.messages[2]).toBe(shown);
    expect(result.current.messages[0]).toBe(page.messages[0]);
  });

  it('keeps the same page object while nothing changes, so the room view passes it on as is', async () => {
    await db.messages.insert(localMessage(DM, 'bob'));
    const { result, rerender } = openWindow();
    await waitFor(() => expect(result.current.messages).toHaveLength(1));
    const page = result.current;
    rerender();
    expect(result.current).toBe(page);
  });
});
