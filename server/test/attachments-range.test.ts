import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDm } from './fixtures';
import { upload } from './attachments-kit';
import { closeAll, register, startTestServer, type Client, type TestServer } from './helpers';

let server: TestServer;
let alice: Client;
let carol: Client;
let id: string;
let sha256: string;
const text = Buffer.from(Array.from({ length: 400 }, (_, i) => `line ${i}\n`).join(''));

beforeAll(async () => {
  server = await startTestServer();
  const bob = await register(server, 'cleaner');
  [alice, carol] = await Promise.all([register(server), register(server)]);
  const room = await startDm(alice, bob);
  const up = await upload(alice, room, text, { name: 'notes.txt', type: 'text/plain' });
  expect(up.status).toBe(201);
  ({ id, sha256 } = up.body);
});
afterAll(closeAll);

async function get(who: Client, headers: Record<string, string>) {
  const res = await fetch(`${who.base}/api/attachments/${id}`, { headers: { authorization: `Bearer ${who.token}`, ...headers } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /api/attachments/:id with Range (seeking without the whole file)', () => {
  it('answers 206 with Content-Range and just those bytes: a span, a tail, an open end', async () => {
    const size = text.length;
    for (const [range, start, end] of [['bytes=0-9', 0, 9], [`bytes=-5`, size - 5, size - 1], ['bytes=100-', 100, size - 1]] as const) {
      const res = await get(alice, { range });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect(res.bytes.equals(text.subarray(start, end + 1))).toBe(true);
    }
    const whole = await get(alice, {});
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.bytes.equals(text)).toBe(true);
  });

  it('a range past the end is 416 with the size; several ranges or a stale If-Range get the whole file', async () => {
    const past = await get(alice, { range: `bytes=${text.length + 10}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${text.length}`);
    expect(JSON.parse(past.bytes.toString()).error.code).toBe('range_not_satisfiable');
    expect((await get(alice, { range: 'bytes=0-1,50-60' })).status).toBe(200);
    expect((await get(alice, { range: 'bytes=0-9', 'if-range': '"other"' })).status).toBe(200);
    expect((await get(alice, { range: 'bytes=0-9', 'if-range': `"${sha256}"` })).status).toBe(206);
  });

  it('a stranger asking for a range still gets 404, and no bytes', async () => {
    const res = await get(carol, { range: 'bytes=0-9' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-range')).toBeNull();
  });
});
