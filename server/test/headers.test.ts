import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CSP } from '../src/routes/web';
import { closeAll, register, startTestServer, type TestServer } from './helpers';

let webDir: string;
let server: TestServer;
const SCRIPT = `console.log(${JSON.stringify('cleanchat '.repeat(2000))});`;

beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'cleanchat-web-'));
  await mkdir(join(webDir, 'assets'));
  await writeFile(join(webDir, 'index.html'), `<!doctype html><title>cleanchat</title><script src="/assets/index-Ab12Cd34.js"></script>`);
  await writeFile(join(webDir, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
  server = await startTestServer({ webDir });
});
afterAll(async () => {
  await closeAll();
  await rm(webDir, { recursive: true, force: true });
});

/** A raw GET (fetch would decode the body and hide what was on the wire). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${server.url}${path}`, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('protective headers', () => {
  it('API answers carry them too: nosniff, no framing, no referrer, a CSP that loads nothing', async () => {
    const me = await register(server);
    for (const res of [await fetch(`${server.url}/api/health`), await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${me.token}` } })]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
    const unauthorized = await fetch(`${server.url}/api/auth/me`);
    expect(unauthorized.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the web build keeps its own CSP, with the same other headers', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(WEB_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('the web build shows attachments from blob: and data: URLs and from no other site', () => {
    const directives = new Map(WEB_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(directives.get('media-src')).toEqual(["'self'", 'blob:', 'data:']);
  });
});

describe('the web build', () => {
  it('a missing asset is a 404, not index.html; app routes still deep-link to index.html', async () => {
    for (const path of ['/assets/nope.js', '/assets/nope', '/favicon.ico', '/messages/x/logo.png']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/application\/json/);
    }
    for (const path of ['/messages/dm:a:b', '/jobs/j1/chat', '/messages']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain('<title>cleanchat</title>');
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
    }
  });

  it('is served compressed: brotli when accepted, else gzip', async () => {
    const br = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': 'br, gzip' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.bytes).toBeLessThan(SCRIPT.length / 10);
    const gzip = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await get('/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes).toBe(SCRIPT.length);
  });

  it('hashed assets are cached for a year as immutable; index.html is revalidated every time', async () => {
    const asset = await get('/assets/index-Ab12Cd34.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('the stream is never compressed or buffered', async () => {
    const me = await register(server);
    const stream = await me.stream();
    expect(stream.headers.get('content-encoding')).toBeNull();
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    stream.close();
  });
});
