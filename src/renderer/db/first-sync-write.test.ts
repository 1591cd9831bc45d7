import { afterEach, describe, expect, it, vi } from 'vitest';
import { addAll } from './first-sync-write';

let opened = 0;

async function store(): Promise<IDBDatabase> {
  opened += 1;
  const request = indexedDB.open(`first-sync-write-${opened}`, 1);
  request.onupgradeneeded = () => request.result.createObjectStore('docs', { keyPath: 'id' });
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: `m${String(from + i).padStart(5, '0')}`, n: from + i }));

function countAll(idb: IDBDatabase): Promise<number> {
  const request = idb.transaction(['docs'], 'readonly').objectStore('docs').count();
  return new Promise((resolve) => (request.onsuccess = () => resolve(request.result)));
}

afterEach(() => vi.restoreAllMocks());

describe('addAll (a first-sync page into IndexedDB)', () => {
  it('issues one chunk per task: the first task clones 200 documents, not the whole page', async () => {
    const idb = await store();
    const add = vi.spyOn(IDBObjectStore.prototype, 'add');
    const done = addAll(idb, 'docs', rows(0, 1000), 200);
    expect(add).toHaveBeenCalledTimes(200);
    await done;
    expect(add).toHaveBeenCalledTimes(1000);
    expect(await countAll(idb)).toBe(1000);
  });

  it('skips the documents stored already and names them, and writes the rest in the same transaction', async () => {
    const idb = await store();
    await addAll(idb, 'docs', [{ id: 'm00003', n: -1 }, { id: 'm00450', n: -1 }], 200);
    const present = await addAll(idb, 'docs', rows(0, 500), 200);
    expect([...present].sort()).toEqual(['m00003', 'm00450']);
    expect(await countAll(idb)).toBe(500);
    const kept = idb.transaction(['docs'], 'readonly').objectStore('docs').get('m00450');
    expect(await new Promise((resolve) => (kept.onsuccess = () => resolve(kept.result)))).toEqual({ id: 'm00450', n: -1 });
  });
});
