import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CleanchatDatabase } from '../../db/database';
import { openTestDb } from '../../test/fakes';
import { forgetSearchIndex, useIndexer, useSearchIndexer } from './runtime';

/** RxDB in dev-mode is slow on a busy machine; the default 5 s is not about correctness here. */
const SLOW = { timeout: 30_000 };

let db: CleanchatDatabase;
beforeEach(async () => {
  db = await openTestDb('alice');
});
afterEach(async () => {
  await forgetSearchIndex('alice');
  await db.remove();
});

describe('useSearchIndexer', SLOW, () => {
  it('leaves the index alone until told that start-up has painted, then starts it', async () => {
    const { result, rerender } = renderHook(({ when }) => {
      useSearchIndexer(when);
      return useIndexer();
    }, { initialProps: { when: false } });
    // An eager start would have loaded the indexer's chunk by now, and made the index.
    await act(() => vi.dynamicImportSettled());
    expect(result.current.indexer).toBeNull();
    rerender({ when: true });
    await waitFor(() => expect(result.current.indexer).not.toBeNull());
  });
});
