import { describe, expect, it } from 'vitest';
import type { HttpClient } from '../api/http';
import { PULL_BATCH_MAX } from '../../shared/limits';
import { readPages } from './first-sync-pages';

/** A server of `sizes.length` pages (their sizes); counts the requests it was sent. */
function pagedServer(sizes: number[], failAt = -1) {
  const asked: string[] = [];
  const http = {
    request: (_method: string, url: string) => {
      const n = asked.push(url) - 1;
      if (n === failAt) return Promise.reject(new Error('offline'));
      return Promise.resolve({ documents: Array.from({ length: sizes[n] ?? 0 }, () => ({})), checkpoint: { seq: n + 1 } });
    },
  } as unknown as HttpClient;
  return { http, asked };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('readPages (the first sync reading ahead)', () => {
  it('asks for the next pages before the first is taken, up to two ahead, and each after the one before it', async () => {
    const { http, asked } = pagedServer([PULL_BATCH_MAX, PULL_BATCH_MAX, PULL_BATCH_MAX, 10]);
    const pages = readPages(http, () => false, 2);
    await settle();
    expect(asked).toHaveLength(2);
    expect(asked[1]).toContain(encodeURIComponent(JSON.stringify({ seq: 1 })));
    const sizes: number[] = [];
    for (let page = await pages.next(); page; page = await pages.next()) sizes.push(page.documents.length);
    expect(sizes).toEqual([PULL_BATCH_MAX, PULL_BATCH_MAX, PULL_BATCH_MAX, 10]);
    expect(asked).toHaveLength(4);
  });

  it('fails the page whose request failed, and asks for nothing after it', async () => {
    const { http, asked } = pagedServer([PULL_BATCH_MAX, PULL_BATCH_MAX, PULL_BATCH_MAX], 1);
    const pages = readPages(http, () => false, 2);
    expect((await pages.next())?.documents).toHaveLength(PULL_BATCH_MAX);
    await expect(pages.next()).rejects.toThrow('offline');
    expect(await pages.next()).toBeNull();
    expect(asked).toHaveLength(2);
  });
});
